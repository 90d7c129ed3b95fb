using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Briefly.Data.EntityConfigurations;

internal sealed class InboundMessageConfiguration : IEntityTypeConfiguration<InboundMessage>
{
    public void Configure(EntityTypeBuilder<InboundMessage> message)
    {
        message.Property(m => m.EventId).HasMaxLength(200);
        message.Property(m => m.LastError).HasMaxLength(2000);
        message.HasIndex(m => new { m.Platform, m.EventId }).IsUnique();
        message.HasIndex(m => new { m.Status, m.NextAttemptAt });
        message.HasIndex(m => m.ReceivedAt);
    }
}
