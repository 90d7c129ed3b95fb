using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Briefly.Data.EntityConfigurations;

internal sealed class OutboundMessageConfiguration : IEntityTypeConfiguration<OutboundMessage>
{
    public void Configure(EntityTypeBuilder<OutboundMessage> message)
    {
        message.Property(m => m.LastError).HasMaxLength(2000);
        // "00-" + a 32-digit trace id + "-" + a 16-digit span id + "-" + flags.
        message.Property(m => m.TraceParent).HasMaxLength(55);
        message.HasIndex(m => new { m.Status, m.NextAttemptAt });
        message.HasIndex(m => new { m.ConversationId, m.Status });
        message.HasIndex(m => m.CreatedAt);
        message.HasOne(m => m.Conversation).WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        message.HasOne<InboundMessage>().WithMany().HasForeignKey(m => m.InboundMessageId).OnDelete(DeleteBehavior.SetNull);
    }
}
