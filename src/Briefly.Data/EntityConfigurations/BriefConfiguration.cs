using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Briefly.Data.EntityConfigurations;

internal sealed class BriefConfiguration : IEntityTypeConfiguration<Brief>
{
    public void Configure(EntityTypeBuilder<Brief> brief)
    {
        brief.Property(b => b.Title).HasMaxLength(300);
        brief.Property(b => b.TitleKey).HasMaxLength(300);
        brief.Property(b => b.ContentHash).HasMaxLength(64).IsFixedLength();
        brief.Property(b => b.Origin).HasMaxLength(1000);
        brief.Property(b => b.Owner).HasMaxLength(100).HasDefaultValue("");
        brief.HasIndex(b => new { b.TitleKey, b.Date }).IsUnique();
        brief.HasIndex(b => b.Date);
        brief.HasMany(b => b.Stories).WithOne(s => s.Brief).HasForeignKey(s => s.BriefId).OnDelete(DeleteBehavior.Cascade);
        brief.HasMany(b => b.Takeaways).WithOne().HasForeignKey(t => t.BriefId).OnDelete(DeleteBehavior.Cascade);
        brief.ToTable(t => t.HasCheckConstraint("CK_Briefs_Title", "length(\"Title\") > 0"));
    }
}
