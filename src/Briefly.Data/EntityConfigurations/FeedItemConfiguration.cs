using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Briefly.Data.EntityConfigurations;

internal sealed class FeedItemConfiguration : IEntityTypeConfiguration<FeedItem>
{
    public void Configure(EntityTypeBuilder<FeedItem> item)
    {
        item.Property(i => i.ItemKey).HasMaxLength(1000);
        item.Property(i => i.ContentHash).HasMaxLength(64).IsFixedLength();
        item.Property(i => i.Error).HasMaxLength(4000);
        item.HasIndex(i => new { i.FeedId, i.ItemKey }).IsUnique();
        item.HasOne<Brief>().WithMany().HasForeignKey(i => i.BriefId).OnDelete(DeleteBehavior.SetNull);
    }
}
