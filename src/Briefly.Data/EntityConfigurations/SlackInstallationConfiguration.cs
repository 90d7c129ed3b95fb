using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Briefly.Data.EntityConfigurations;

internal sealed class SlackInstallationConfiguration : IEntityTypeConfiguration<SlackInstallation>
{
    public void Configure(EntityTypeBuilder<SlackInstallation> installation)
    {
        installation.Property(i => i.TeamId).HasMaxLength(32);
        installation.Property(i => i.TeamName).HasMaxLength(200);
        installation.Property(i => i.EnterpriseId).HasMaxLength(32);
        installation.Property(i => i.BotUserId).HasMaxLength(32);
        installation.Property(i => i.ProtectedBotToken).HasMaxLength(2000);
        installation.Property(i => i.Scopes).HasMaxLength(2000);
        installation.Property(i => i.InstalledBy).HasMaxLength(32);
        installation.HasIndex(i => i.TeamId).IsUnique();
    }
}
