using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Briefly.Data.EntityConfigurations;

internal sealed class FeedConfiguration : IEntityTypeConfiguration<Feed>
{
    public void Configure(EntityTypeBuilder<Feed> feed)
    {
        feed.Property(f => f.Url).HasMaxLength(2048);
        feed.Property(f => f.Name).HasMaxLength(200);
        feed.Property(f => f.ETag).HasMaxLength(500);
        feed.Property(f => f.LastModified).HasMaxLength(100);
        feed.Property(f => f.LastError).HasMaxLength(2000);
        feed.HasIndex(f => f.Url).IsUnique();
        feed.HasIndex(f => f.NextPollAt);
        feed.HasMany(f => f.Items).WithOne().HasForeignKey(i => i.FeedId).OnDelete(DeleteBehavior.Cascade);
        feed.ToTable(t => t.HasCheckConstraint("CK_Feeds_PollInterval", "\"PollIntervalMinutes\" > 0"));
    }
}
