using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Briefly.Data.EntityConfigurations;

internal sealed class CitationConfiguration : IEntityTypeConfiguration<Citation>
{
    public void Configure(EntityTypeBuilder<Citation> citation)
    {
        citation.Property(c => c.Url).HasMaxLength(2048);
        citation.HasIndex(c => new { c.StoryId, c.Position }).IsUnique();
    }
}
