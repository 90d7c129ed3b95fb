using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Briefly.Data.EntityConfigurations;

internal sealed class PacingBucketConfiguration : IEntityTypeConfiguration<PacingBucket>
{
    public void Configure(EntityTypeBuilder<PacingBucket> bucket)
    {
        bucket.HasKey(b => b.Key);
        bucket.Property(b => b.Key).HasMaxLength(200);
    }
}
