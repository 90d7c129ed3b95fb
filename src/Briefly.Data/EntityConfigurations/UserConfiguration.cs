using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Briefly.Data.EntityConfigurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.Property(u => u.ExternalId).HasMaxLength(200);
        user.Property(u => u.DisplayName).HasMaxLength(200);
        user.Property(u => u.TimeZone).HasMaxLength(64);
        user.Property(u => u.LastQuestion).HasMaxLength(500);
        user.HasIndex(u => new { u.Platform, u.ExternalId }).IsUnique();
        user.HasOne(u => u.DirectConversation).WithMany().HasForeignKey(u => u.DirectConversationId).OnDelete(DeleteBehavior.SetNull);
        user.HasMany(u => u.Subscriptions).WithOne(s => s.User).HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
