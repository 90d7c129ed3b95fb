using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Data;

/// <summary>
/// The one model of Briefly. Each database provider has a subclass of its own (below) only so that each keeps
/// its own migration set; the model is the same everywhere.
/// </summary>
public abstract class BrieflyDbContext(DbContextOptions options) : DbContext(options)
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

    public DbSet<ProcessedEvent> ProcessedEvents => Set<ProcessedEvent>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in the database and safe against reordering.
        configurationBuilder.Properties<ChatPlatform>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ConversationKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<AlertMode>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<DeliveryStatus>().HaveConversion<string>().HaveMaxLength(16);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Brief>(brief =>
        {
            brief.Property(b => b.Title).HasMaxLength(300);
            brief.Property(b => b.TitleKey).HasMaxLength(300);
            brief.Property(b => b.ContentHash).HasMaxLength(64).IsFixedLength();
            brief.Property(b => b.Origin).HasMaxLength(1000);
            brief.HasIndex(b => new { b.TitleKey, b.Date }).IsUnique();
            brief.HasIndex(b => b.Date);
            brief.HasMany(b => b.Stories).WithOne(s => s.Brief).HasForeignKey(s => s.BriefId).OnDelete(DeleteBehavior.Cascade);
            brief.HasMany(b => b.Takeaways).WithOne().HasForeignKey(t => t.BriefId).OnDelete(DeleteBehavior.Cascade);
            brief.ToTable(t => t.HasCheckConstraint("CK_Briefs_Title", "length(\"Title\") > 0"));
        });

        modelBuilder.Entity<Story>(story =>
        {
            story.Property(s => s.Title).HasMaxLength(500);
            story.Property(s => s.Source).HasMaxLength(300);
            story.Property(s => s.DateText).HasMaxLength(100);
            story.HasIndex(s => new { s.BriefId, s.Position }).IsUnique();
            story.HasIndex(s => s.Date);
            story.HasIndex(s => s.AlertsMatchedAt);
            story.HasMany(s => s.Citations).WithOne().HasForeignKey(c => c.StoryId).OnDelete(DeleteBehavior.Cascade);
            story.ToTable(t => t.HasCheckConstraint("CK_Stories_Position", "\"Position\" >= 0"));
        });

        modelBuilder.Entity<Citation>(citation =>
        {
            citation.Property(c => c.Url).HasMaxLength(2048);
            citation.HasIndex(c => new { c.StoryId, c.Position }).IsUnique();
        });

        modelBuilder.Entity<Takeaway>(takeaway =>
        {
            takeaway.Property(t => t.Text).HasMaxLength(2000);
            takeaway.HasIndex(t => new { t.BriefId, t.Position }).IsUnique();
        });

        modelBuilder.Entity<Feed>(feed =>
        {
            feed.Property(f => f.Url).HasMaxLength(2048);
            feed.Property(f => f.Name).HasMaxLength(200);
            feed.Property(f => f.ETag).HasMaxLength(500);
            feed.Property(f => f.LastModified).HasMaxLength(100);
            feed.Property(f => f.LastError).HasMaxLength(2000);
            feed.HasIndex(f => f.Url).IsUnique();
            feed.HasIndex(f => f.NextPollAt);
            feed.HasMany(f => f.Items).WithOne().HasForeignKey(i => i.FeedId).OnDelete(DeleteBehavior.Cascade);
            feed.ToTable(t => t.HasCheckConstraint("CK_Feeds_PollInterval", "\"PollIntervalMinutes\" > 0"));
        });

        modelBuilder.Entity<FeedItem>(item =>
        {
            item.Property(i => i.ItemKey).HasMaxLength(1000);
            item.Property(i => i.ContentHash).HasMaxLength(64).IsFixedLength();
            item.Property(i => i.Error).HasMaxLength(4000);
            item.HasIndex(i => new { i.FeedId, i.ItemKey }).IsUnique();
            item.HasOne<Brief>().WithMany().HasForeignKey(i => i.BriefId).OnDelete(DeleteBehavior.SetNull);
        });

        modelBuilder.Entity<Conversation>(conversation =>
        {
            conversation.Property(c => c.ExternalId).HasMaxLength(500);
            conversation.Property(c => c.TenantId).HasMaxLength(100);
            conversation.Property(c => c.Name).HasMaxLength(300);
            conversation.Property(c => c.ServiceUrl).HasMaxLength(500);
            conversation.Property(c => c.TimeZone).HasMaxLength(64);
            conversation.HasIndex(c => new { c.Platform, c.ExternalId }).IsUnique();
        });

        modelBuilder.Entity<User>(user =>
        {
            user.Property(u => u.ExternalId).HasMaxLength(200);
            user.Property(u => u.DisplayName).HasMaxLength(200);
            user.Property(u => u.TimeZone).HasMaxLength(64);
            user.Property(u => u.LastQuestion).HasMaxLength(500);
            user.HasIndex(u => new { u.Platform, u.ExternalId }).IsUnique();
            user.HasOne(u => u.DirectConversation).WithMany().HasForeignKey(u => u.DirectConversationId).OnDelete(DeleteBehavior.SetNull);
            user.HasMany(u => u.Subscriptions).WithOne(s => s.User).HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<TopicSubscription>(subscription =>
        {
            subscription.Property(s => s.Topic).HasMaxLength(200);
            subscription.Property(s => s.TopicKey).HasMaxLength(200);
            subscription.HasIndex(s => new { s.UserId, s.TopicKey }).IsUnique();
            subscription.HasIndex(s => s.TopicKey);
            subscription.ToTable(t => t.HasCheckConstraint("CK_TopicSubscriptions_TopicKey", "length(\"TopicKey\") > 0"));
        });

        modelBuilder.Entity<Delivery>(delivery =>
        {
            delivery.Property(d => d.LastError).HasMaxLength(2000);
            delivery.HasIndex(d => new { d.ConversationId, d.BriefId }).IsUnique();
            delivery.HasIndex(d => new { d.Status, d.DueAt });
            delivery.HasOne(d => d.Conversation).WithMany().HasForeignKey(d => d.ConversationId).OnDelete(DeleteBehavior.Cascade);
            delivery.HasOne(d => d.Brief).WithMany().HasForeignKey(d => d.BriefId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<TopicAlert>(alert =>
        {
            alert.HasIndex(a => new { a.UserId, a.StoryId }).IsUnique();
            alert.HasIndex(a => new { a.Status, a.CreatedAt });
            alert.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
            alert.HasOne(a => a.Story).WithMany().HasForeignKey(a => a.StoryId).OnDelete(DeleteBehavior.Cascade);
            alert.Property(a => a.Topic).HasMaxLength(200);
        });

        modelBuilder.Entity<ProcessedEvent>(processed =>
        {
            processed.Property(p => p.EventId).HasMaxLength(200);
            processed.HasIndex(p => new { p.Platform, p.EventId }).IsUnique();
            processed.HasIndex(p => p.ReceivedAt);
        });
    }
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
