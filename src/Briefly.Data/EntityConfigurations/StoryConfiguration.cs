using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Briefly.Data.EntityConfigurations;

internal sealed class StoryConfiguration : IEntityTypeConfiguration<Story>
{
    public void Configure(EntityTypeBuilder<Story> story)
    {
        story.Property(s => s.Title).HasMaxLength(500);
        story.Property(s => s.Source).HasMaxLength(300);
        story.Property(s => s.DateText).HasMaxLength(100);
        story.Property(s => s.EmbeddingModel).HasMaxLength(100);
        story.HasIndex(s => new { s.BriefId, s.Position }).IsUnique();
        story.HasIndex(s => s.Date);
        story.HasIndex(s => s.AlertsMatchedAt);
        // Each host's search index asks for the newest change before every answer.
        story.HasIndex(s => s.UpdatedAt);
        story.HasMany(s => s.Citations).WithOne().HasForeignKey(c => c.StoryId).OnDelete(DeleteBehavior.Cascade);
        story.ToTable(t => t.HasCheckConstraint("CK_Stories_Position", "\"Position\" >= 0"));
    }
}
