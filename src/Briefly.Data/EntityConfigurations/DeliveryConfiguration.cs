using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Briefly.Data.EntityConfigurations;

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> delivery)
    {
        delivery.Property(d => d.LastError).HasMaxLength(2000);
        delivery.HasIndex(d => new { d.ConversationId, d.BriefId }).IsUnique();
        delivery.HasIndex(d => new { d.Status, d.DueAt });
        delivery.HasOne(d => d.Conversation).WithMany().HasForeignKey(d => d.ConversationId).OnDelete(DeleteBehavior.Cascade);
        delivery.HasOne(d => d.Brief).WithMany().HasForeignKey(d => d.BriefId).OnDelete(DeleteBehavior.Cascade);
    }
}
