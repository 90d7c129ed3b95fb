using Briefly.Data.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Data;

/// <summary>
/// The one model of Briefly. Each database provider has a subclass of its own (below) only so that each keeps
/// its own migration set; the model is the same everywhere.
/// </summary>
public abstract class BrieflyDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Brief> Briefs => Set<Brief>();

    public DbSet<Story> Stories => Set<Story>();

    public DbSet<Citation> Citations => Set<Citation>();

    public DbSet<Takeaway> Takeaways => Set<Takeaway>();

    public DbSet<Feed> Feeds => Set<Feed>();

    public DbSet<FeedItem> FeedItems => Set<FeedItem>();

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<User> Users => Set<User>();

    public DbSet<TopicSubscription> TopicSubscriptions => Set<TopicSubscription>();

    public DbSet<Delivery> Deliveries => Set<Delivery>();

    public DbSet<TopicAlert> TopicAlerts => Set<TopicAlert>();

    public DbSet<InboundMessage> InboundMessages => Set<InboundMessage>();

    public DbSet<OutboundMessage> OutboundMessages => Set<OutboundMessage>();

    public DbSet<PacingBucket> PacingBuckets => Set<PacingBucket>();

    public DbSet<SlackInstallation> SlackInstallations => Set<SlackInstallation>();

    /// <summary>
    /// The ASP.NET Core Data Protection key ring, shared by every host of a deployment: what one host encrypts (a Slack
    /// bot token, an antiforgery token) another can read.
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in the database and safe against reordering.
        configurationBuilder.Properties<ChatPlatform>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ConversationKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<AlertMode>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<DeliveryStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<InboundStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<OutboundKind>().HaveConversion<string>().HaveMaxLength(16);
    }

    /// <remarks>Each entity's configuration is a class of its own in EntityConfigurations/.</remarks>
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BrieflyDbContext).Assembly);
}

public sealed class SqliteBrieflyDbContext(DbContextOptions<SqliteBrieflyDbContext> options) : BrieflyDbContext(options);

public sealed class PostgresBrieflyDbContext(DbContextOptions<PostgresBrieflyDbContext> options) : BrieflyDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // A brief's "Posted on" time has no zone; timestamptz would demand one.
        modelBuilder.Entity<Brief>().Property(b => b.PostedAt).HasColumnType("timestamp without time zone");
    }
}

public sealed class SqlServerBrieflyDbContext(DbContextOptions<SqlServerBrieflyDbContext> options) : BrieflyDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // SQL Server spells length() as len(); the rules are the same.
        modelBuilder.Entity<Brief>().ToTable(t => t.HasCheckConstraint("CK_Briefs_Title", "len([Title]) > 0"));
        modelBuilder.Entity<TopicSubscription>().ToTable(t => t.HasCheckConstraint("CK_TopicSubscriptions_TopicKey", "len([TopicKey]) > 0"));
    }
}
