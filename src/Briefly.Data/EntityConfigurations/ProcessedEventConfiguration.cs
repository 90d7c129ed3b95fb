using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Briefly.Data.EntityConfigurations;

internal sealed class ProcessedEventConfiguration : IEntityTypeConfiguration<ProcessedEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedEvent> processed)
    {
        processed.Property(p => p.EventId).HasMaxLength(200);
        processed.HasIndex(p => new { p.Platform, p.EventId }).IsUnique();
        processed.HasIndex(p => p.ReceivedAt);
    }
}
