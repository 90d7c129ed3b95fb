using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Briefly.Data.EntityConfigurations;

internal sealed class TopicAlertConfiguration : IEntityTypeConfiguration<TopicAlert>
{
    public void Configure(EntityTypeBuilder<TopicAlert> alert)
    {
        alert.HasIndex(a => new { a.UserId, a.StoryId }).IsUnique();
        alert.HasIndex(a => new { a.Status, a.CreatedAt });
        alert.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        alert.HasOne(a => a.Story).WithMany().HasForeignKey(a => a.StoryId).OnDelete(DeleteBehavior.Cascade);
        alert.Property(a => a.Topic).HasMaxLength(200);
    }
}
