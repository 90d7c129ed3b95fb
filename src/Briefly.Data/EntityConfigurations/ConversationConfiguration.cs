using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Briefly.Data.EntityConfigurations;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> conversation)
    {
        conversation.Property(c => c.ExternalId).HasMaxLength(500);
        conversation.Property(c => c.TenantId).HasMaxLength(100);
        conversation.Property(c => c.Name).HasMaxLength(300);
        conversation.Property(c => c.ServiceUrl).HasMaxLength(500);
        conversation.Property(c => c.TimeZone).HasMaxLength(64);
        conversation.HasIndex(c => new { c.Platform, c.ExternalId }).IsUnique();
    }
}
