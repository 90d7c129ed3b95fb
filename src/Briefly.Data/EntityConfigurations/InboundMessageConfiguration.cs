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
        // "00-" + a 32-digit trace id + "-" + a 16-digit span id + "-" + flags.
        message.Property(m => m.TraceParent).HasMaxLength(55);
        message.HasIndex(m => new { m.Platform, m.EventId }).IsUnique();
        message.HasIndex(m => new { m.Status, m.NextAttemptAt });
        message.HasIndex(m => m.ReceivedAt);
    }
}
