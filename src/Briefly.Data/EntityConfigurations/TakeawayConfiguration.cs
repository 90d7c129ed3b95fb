using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Briefly.Data.EntityConfigurations;

internal sealed class TakeawayConfiguration : IEntityTypeConfiguration<Takeaway>
{
    public void Configure(EntityTypeBuilder<Takeaway> takeaway)
    {
        takeaway.Property(t => t.Text).HasMaxLength(2000);
        takeaway.HasIndex(t => new { t.BriefId, t.Position }).IsUnique();
    }
}
