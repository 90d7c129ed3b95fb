using Briefly.Data;
using Briefly.Data.Entities;
using Briefly.Testing;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Data.Tests;

/// <summary>The rules the database itself keeps, on every provider that runs here.</summary>
public class ConstraintTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 9, 0, 0, DateTimeKind.Utc);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_brief_is_unique_by_title_and_date(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.CreateContext())
        {
            db.Briefs.Add(NewBrief("china ai update brief 29 april 2026", new DateOnly(2026, 4, 29)));
            db.Briefs.Add(NewBrief("china ai update brief 29 april 2026", new DateOnly(2026, 4, 30)));
            await db.SaveChangesAsync();
        }
        await using (var db = database.CreateContext())
        {
            db.Briefs.Add(NewBrief("china ai update brief 29 april 2026", new DateOnly(2026, 4, 29)));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_brief_needs_a_title(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();
        db.Briefs.Add(NewBrief("", new DateOnly(2026, 4, 29)));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_a_brief_deletes_its_stories_citations_and_takeaways(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        long briefId;
        await using (var db = database.CreateContext())
        {
            var brief = NewBrief("a brief", new DateOnly(2026, 5, 1));
            brief.Takeaways.Add(new Takeaway { Position = 0, Text = "one" });
            brief.Stories.Add(NewStory(0, "https://example.test/a", "https://example.test/b"));
            db.Briefs.Add(brief);
            await db.SaveChangesAsync();
            briefId = brief.Id;
        }
        await using (var db = database.CreateContext())
        {
            await db.Briefs.Where(b => b.Id == briefId).ExecuteDeleteAsync();
            Assert.Equal(0, await db.Stories.CountAsync());
            Assert.Equal(0, await db.Citations.CountAsync());
            Assert.Equal(0, await db.Takeaways.CountAsync());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_brief_is_delivered_to_a_conversation_at_most_once(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();
        var brief = NewBrief("a brief", new DateOnly(2026, 5, 1));
        var conversation = NewConversation("19:general@thread.tacv2");
        db.AddRange(brief, conversation);
        db.Deliveries.Add(new Delivery { Brief = brief, Conversation = conversation, Status = DeliveryStatus.Planned, DueAt = Now });
        await db.SaveChangesAsync();

        db.Deliveries.Add(new Delivery { BriefId = brief.Id, ConversationId = conversation.Id, Status = DeliveryStatus.Planned, DueAt = Now });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_user_follows_a_topic_once_and_a_conversation_is_unique_per_platform(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.CreateContext())
        {
            var user = new User { Platform = ChatPlatform.Slack, ExternalId = "U024BE7LH", CreatedAt = Now };
            user.Subscriptions.Add(new TopicSubscription { Topic = "Huawei chips", TopicKey = "huawei chip", CreatedAt = Now });
            db.Users.Add(user);
            // The same channel id on the other platform is another conversation.
            db.Conversations.Add(NewConversation("C123", ChatPlatform.Slack));
            db.Conversations.Add(NewConversation("C123", ChatPlatform.Teams));
            await db.SaveChangesAsync();
        }
        await using (var db = database.CreateContext())
        {
            var user = await db.Users.SingleAsync();
            db.TopicSubscriptions.Add(new TopicSubscription { UserId = user.Id, Topic = "huawei's chips", TopicKey = "huawei chip", CreatedAt = Now });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
        await using (var db = database.CreateContext())
        {
            db.Conversations.Add(NewConversation("C123", ChatPlatform.Slack));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_platform_event_is_recorded_once_and_an_alert_is_sent_once_per_story(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();
        var brief = NewBrief("a brief", new DateOnly(2026, 5, 1));
        brief.Stories.Add(NewStory(0, "https://example.test/a"));
        var user = new User { Platform = ChatPlatform.Teams, ExternalId = "29:1abc", CreatedAt = Now };
        db.AddRange(brief, user);
        db.InboundMessages.Add(new InboundMessage { Platform = ChatPlatform.Slack, EventId = "Ev0PV52K21", MessageJson = "{}", ReceivedAt = Now });
        await db.SaveChangesAsync();

        db.TopicAlerts.Add(new TopicAlert { UserId = user.Id, StoryId = brief.Stories[0].Id, Topic = "x", Status = DeliveryStatus.Sent, CreatedAt = Now });
        await db.SaveChangesAsync();
        db.TopicAlerts.Add(new TopicAlert { UserId = user.Id, StoryId = brief.Stories[0].Id, Topic = "y", Status = DeliveryStatus.Planned, CreatedAt = Now });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();

        db.InboundMessages.Add(new InboundMessage { Platform = ChatPlatform.Slack, EventId = "Ev0PV52K21", MessageJson = "{}", ReceivedAt = Now });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dates_and_posted_times_round_trip(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.CreateContext())
        {
            var brief = NewBrief("a brief", new DateOnly(2026, 4, 29));
            brief.PostedAt = new DateTime(2026, 4, 29, 21, 41, 0);
            db.Briefs.Add(brief);
            await db.SaveChangesAsync();
        }
        await using (var db = database.CreateContext())
        {
            var brief = await db.Briefs.SingleAsync(b => b.Date == new DateOnly(2026, 4, 29));
            Assert.Equal(new DateTime(2026, 4, 29, 21, 41, 0), brief.PostedAt);
            Assert.Equal(Now, brief.CreatedAt);
        }
    }

    private static Brief NewBrief(string titleKey, DateOnly date) => new()
    {
        Title = titleKey, TitleKey = titleKey, Date = date, ContentHash = new string('0', 64), Origin = "test",
        CreatedAt = Now, UpdatedAt = Now,
    };

    private static Story NewStory(int position, params string[] urls)
    {
        var story = new Story
        {
            Position = position, Title = "t", Source = "s", Date = new DateOnly(2026, 5, 1), DateText = "1 May 2026",
            Summary = "sum", WhyItMatters = "why", CreatedAt = Now, UpdatedAt = Now,
        };
        story.Citations.AddRange(urls.Select((url, i) => new Citation { Position = i, Url = url }));
        return story;
    }

    private static Conversation NewConversation(string externalId, ChatPlatform platform = ChatPlatform.Teams) => new()
    {
        Platform = platform, ExternalId = externalId, Kind = ConversationKind.Channel, ReferenceJson = "{}", InstalledAt = Now,
    };
}
