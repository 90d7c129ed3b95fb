using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Briefly.Data.EntityConfigurations;

internal sealed class TopicSubscriptionConfiguration : IEntityTypeConfiguration<TopicSubscription>
{
    public void Configure(EntityTypeBuilder<TopicSubscription> subscription)
    {
        subscription.Property(s => s.Topic).HasMaxLength(200);
        subscription.Property(s => s.TopicKey).HasMaxLength(200);
        subscription.HasIndex(s => new { s.UserId, s.TopicKey }).IsUnique();
        subscription.HasIndex(s => s.TopicKey);
        subscription.ToTable(t => t.HasCheckConstraint("CK_TopicSubscriptions_TopicKey", "length(\"TopicKey\") > 0"));
    }
}
