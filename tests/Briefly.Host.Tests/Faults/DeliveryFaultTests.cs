using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Briefly.Core.Deliveries;
using Briefly.Data;
using Briefly.Data.Entities;
using Briefly.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Briefly.Host.Tests.Faults;

/// <summary>
/// A served host posting the day's brief to many Slack channels, killed (SIGKILL) at random points of planning and of the
/// fan-out, started again each time, with channels added between starts: in the end every channel has the brief, recorded
/// once in the deliveries table and posted once to Slack. A post Slack made in the moment between its answer and the
/// record of it is found by the next host in the channel's history (by the message metadata it carries) and recorded,
/// not posted again.
/// </summary>
[Trait("Suite", "Faults")]
public class DeliveryFaultTests(ITestOutputHelper output)
{
    private const int Kills = 10;
    private const int FirstChannels = 30;
    private const int ChannelsAddedPerStart = 3;

    /// <summary>Slack's answer takes this long, so that a kill lands mid fan-out, with posts in flight.</summary>
    private static readonly TimeSpan SlackLatency = TimeSpan.FromMilliseconds(120);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_host_killed_while_planning_or_sending_loses_no_delivery_and_records_none_twice(DatabaseProvider provider)
    {
        var run = new FaultRun(output, $"delivery/{provider}");
        var posts = new ConcurrentQueue<Post>();
        var life = 0;
        var ts = 0L;
        await using var slack = await LoopbackServer.StartAsync(async http =>
        {
            if (http.Request.Path.Value!.EndsWith("/conversations.history", StringComparison.Ordinal))
            {
                // What Slack keeps of the channel, newest first, metadata included: how a host that took over finds
                // the posts a killed one made and never recorded.
                var channel = http.Request.Query["channel"].ToString();
                var messages = new JsonArray([.. posts.Where(p => p.Channel == channel).Reverse()
                    .Select(p => new JsonObject { ["type"] = "message", ["ts"] = p.Ts, ["metadata"] = p.Metadata?.DeepClone() })]);
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync(new JsonObject { ["ok"] = true, ["messages"] = messages, ["has_more"] = false }.ToJsonString());
                return;
            }
            JsonObject body;
            try
            {
                body = (await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted))!.AsObject();
            }
            catch (Exception e) when (e is JsonException or IOException or OperationCanceledException)
            {
                return; // The host died before the whole request was sent: Slack would post nothing.
            }
            // Slack posts what it has received, whether or not the one who sent it lives to read the answer.
            var post = new Post((string)body["channel"]!, $"1764300000.{Interlocked.Increment(ref ts):000000}", Volatile.Read(ref life), DateTime.UtcNow)
            {
                Metadata = body["metadata"]?.DeepClone(),
            };
            posts.Enqueue(post);
            try
            {
                await Task.Delay(SlackLatency, http.RequestAborted);
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync($$"""{"ok":true,"channel":"{{post.Channel}}","ts":"{{post.Ts}}"}""", http.RequestAborted);
                post.AnsweredAt = DateTime.UtcNow;
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // The host was killed while waiting for the answer.
            }
        });
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var untouched = await TestDatabase.CreateAsync(provider);
        using var work = new TempFolder();
        var settings = new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = "s", ["Slack:BotToken"] = "xoxb-t", ["Slack:ApiBaseUrl"] = slack.Url("api/").ToString(),
            ["Search:EmbeddingModel"] = "none",
        };

        await run.RunAsync(TimeSpan.FromMinutes(5), async () =>
        {
            var zone = MiddayZone();
            var today = await StoreTodaysBriefAsync(database, work, zone);
            await AddChannelsAsync(database, FirstChannels, zone);
            var kills = new Dictionary<int, DateTime>();
            var landed = new Dictionary<string, int>();

            while (run.Kills < Kills)
            {
                Volatile.Write(ref life, life + 1);
                var (plannedBefore, sentBefore) = await CountAsync(database);
                var postsBefore = posts.Count;
                var host = await ServeWithinLimitAsync(run, database, untouched, work, settings);
                // Half the kills land just after the host plans its first delivery, half in the fan-out after its first post.
                var planning = run.Random.Next(2) == 0;
                var delay = planning ? run.Between(TimeSpan.Zero, TimeSpan.FromSeconds(0.3)) : run.Between(TimeSpan.Zero, TimeSpan.FromSeconds(1.5));
                var waited = Stopwatch.StartNew();
                while (waited.Elapsed < TimeSpan.FromSeconds(15) && !(planning ? host.Log.Contains("Delivery planning: ", StringComparison.Ordinal) : posts.Count > postsBefore))
                    await Task.Delay(20);
                if (waited.Elapsed >= TimeSpan.FromSeconds(15)) run.Log($"neither planned nor posted in 15s; the host said:\n{host.Log[^Math.Min(host.Log.Length, 3000)..]}");
                await Task.Delay(delay);
                kills[life] = DateTime.UtcNow;
                await host.DisposeAsync();
                run.Killed();

                var (planned, sent) = await CountAsync(database);
                var channels = FirstChannels + (life - 1) * ChannelsAddedPerStart;
                var point = planned == plannedBefore && posts.Count == postsBefore ? "before planning"
                    : planned < channels && posts.Count == postsBefore ? "while planning"
                    : sent < channels ? "while sending"
                    : "after every channel had it";
                landed[point] = landed.GetValueOrDefault(point) + 1;
                run.Log($"killed {point}: {planned}/{channels} planned, {sent} sent, {posts.Count - postsBefore} posts in this life");

                await CheckAsync(database, posts);
                await ExpireClaimsAsync(database);
                await AddChannelsAsync(database, ChannelsAddedPerStart, zone);
            }

            // The last start runs to the end: every channel's brief goes out.
            Volatile.Write(ref life, life + 1);
            var total = FirstChannels + Kills * ChannelsAddedPerStart;
            var clock = Stopwatch.StartNew();
            await using (var host = await ServeWithinLimitAsync(run, database, untouched, work, settings))
            {
                while ((await CountAsync(database)).Sent < total && clock.Elapsed < TimeSpan.FromSeconds(90)) await Task.Delay(250);
                // Time for a post that should not happen to happen.
                await Task.Delay(TimeSpan.FromSeconds(2));
                Assert.True((await CountAsync(database)).Sent == total, $"{(await CountAsync(database)).Sent}/{total} sent after {clock.Elapsed.TotalSeconds:0}s:\n{host.Log}");
            }
            run.Log($"every channel sent {clock.Elapsed.TotalSeconds:0.0}s after the last start; kills landed: " +
                string.Join(", ", landed.Select(p => $"{p.Value} {p.Key}")));

            await CheckAsync(database, posts);
            await using var db = database.CreateContext();
            var deliveries = await db.Deliveries.AsNoTracking().Include(d => d.Conversation).ToListAsync();
            Assert.Equal(total, deliveries.Count);
            var doubles = 0;
            foreach (var delivery in deliveries)
            {
                // No lost delivery and none recorded twice: one row per channel, sent, naming one post Slack has.
                Assert.Equal(DeliveryStatus.Sent, delivery.Status);
                Assert.Equal(today, (await db.Briefs.FindAsync(delivery.BriefId))!.Date);
                var recorded = Assert.Single(JsonSerializer.Deserialize<List<string>>(delivery.MessageIds!)!);
                var toChannel = posts.Where(p => p.Channel == delivery.Conversation.ExternalId).ToList();
                Assert.Single(toChannel, p => p.Ts == recorded);
                var unrecorded = toChannel.Where(p => p.Ts != recorded).ToList();
                foreach (var post in unrecorded)
                    run.Log($"posted twice: {post.Channel} {post.Ts} in life {post.Life} (killed: {kills.ContainsKey(post.Life)}), answered {post.AnsweredAt:HH:mm:ss.fff}");
                doubles += unrecorded.Count;
            }
            run.Log($"{total} channels, {posts.Count} posts to Slack: {doubles} posted twice");
            Assert.Equal(0, doubles);
        });
    }

    /// <summary>
    /// After each kill: one delivery at most per channel; a sent one has its time and the id of a post Slack made; no
    /// channel was posted to twice by one host; and nothing failed or was skipped (the fake Slack refuses nothing).
    /// </summary>
    private static async Task CheckAsync(TestDatabase database, ConcurrentQueue<Post> posts)
    {
        await using var db = database.CreateContext();
        var deliveries = await db.Deliveries.AsNoTracking().Include(d => d.Conversation).ToListAsync();
        Assert.Equal(deliveries.Count, deliveries.Select(d => d.ConversationId).Distinct().Count());
        var made = posts.Select(p => (p.Channel, p.Ts)).ToHashSet();
        foreach (var delivery in deliveries)
        {
            Assert.Contains(delivery.Status, new[] { DeliveryStatus.Planned, DeliveryStatus.Sent });
            if (delivery.Status != DeliveryStatus.Sent) continue;
            Assert.NotNull(delivery.SentAt);
            Assert.Null(delivery.ClaimedUntil);
            var recorded = JsonSerializer.Deserialize<List<string>>(delivery.MessageIds ?? "[]")!;
            Assert.True(recorded.Count == 1, $"the brief took {recorded.Count} Slack messages; this suite counts posts of one");
            Assert.Contains((delivery.Conversation.ExternalId, recorded[0]), made);
        }
        var twiceInOneLife = posts.GroupBy(p => (p.Channel, p.Life)).FirstOrDefault(g => g.Count() > 1);
        Assert.True(twiceInOneLife is null, $"{twiceInOneLife?.Key.Channel} was posted to twice by one host");
    }

    /// <summary>
    /// Stands in for the five minutes (<see cref="BriefSender.ClaimTime"/>) after which a dead host's claims expire:
    /// the test cannot wait them out after every kill, so it moves the claims the killed host held to a moment ago.
    /// Claims are the only thing moved; deliveries planned but never queued are found again by the planner itself, since
    /// the channels' time is more than the claim time past.
    /// </summary>
    private static async Task ExpireClaimsAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var now = DateTime.UtcNow;
        await db.Deliveries.Where(d => d.Status == DeliveryStatus.Planned && d.ClaimedUntil > now)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntil, now.AddSeconds(-1)));
    }

    private static async Task<(int Planned, int Sent)> CountAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return (await db.Deliveries.CountAsync(), await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Sent));
    }

    /// <summary>
    /// Every start after a kill must be serving within the limit. Its control is `briefs` on a database no kill touched,
    /// a lighter start than a server's, so the comparison errs on the strict side.
    /// </summary>
    private static async Task<RunningHost> ServeWithinLimitAsync(
        FaultRun run, TestDatabase database, TestDatabase untouched, TempFolder work, Dictionary<string, string?> settings)
    {
        RunningHost? host = null;
        try
        {
            await run.WithinLimitAsync("the next start",
                async () => host = await BrieflyProcess.ServeAsync(database, work.Path, new(settings)),
                () => BrieflyProcess.RunAsync(untouched, work.Path, settings, TimeSpan.FromMinutes(1), "briefs"));
            return host!;
        }
        catch
        {
            if (host is not null) await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A fixed-offset zone where it is about midday now, so that a brief time ten minutes ago is today there whatever the
    /// UTC hour: the test never straddles the channels' midnight.
    /// </summary>
    private static TimeZoneInfo MiddayZone()
    {
        var offset = Math.Clamp(12 - DateTime.UtcNow.Hour, -12, 14);
        // IANA's Etc zones count the other way: Etc/GMT-8 is eight hours ahead of UTC.
        return TimeZoneInfo.FindSystemTimeZoneById(offset switch
        {
            0 => "Etc/UTC",
            > 0 => $"Etc/GMT-{offset}",
            _ => $"Etc/GMT+{-offset}",
        });
    }

    private static DateTime LocalNow(TimeZoneInfo zone) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, zone);

    /// <summary>The sample brief, re-dated to today in the channels' zone, stored by `ingest`.</summary>
    private static async Task<DateOnly> StoreTodaysBriefAsync(TestDatabase database, TempFolder work, TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(LocalNow(zone));
        var sample = JsonNode.Parse(File.ReadAllText(RepositoryFiles.Path("samples", "briefs", "brief-2026-11-25.json")))!;
        sample["title"] = "China AI Update Brief — " + today.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        sample["date"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var ingested = await BrieflyProcess.RunAsync(database, work.Path, "ingest", work.File("today.json", sample.ToJsonString()));
        Assert.True(ingested.ExitCode == 0, ingested.Errors);
        return today;
    }

    /// <summary>Slack channels whose brief time was ten minutes ago in <paramref name="zone"/>, every day.</summary>
    private static async Task AddChannelsAsync(TestDatabase database, int count, TimeZoneInfo zone)
    {
        await using var db = database.CreateContext();
        var first = await db.Conversations.CountAsync();
        var briefTime = TimeOnly.FromDateTime(LocalNow(zone).AddMinutes(-10));
        for (var i = first; i < first + count; i++)
        {
            var channel = $"C0FAULT{i:000}";
            db.Conversations.Add(new Conversation
            {
                Platform = ChatPlatform.Slack, ExternalId = channel, Kind = ConversationKind.Channel, TenantId = "T1",
                ReferenceJson = $$"""{"team":"T1","channel":"{{channel}}"}""",
                BriefTime = new TimeOnly(briefTime.Hour, briefTime.Minute), TimeZone = zone.Id, BriefDays = WeekDays.Every,
                InstalledAt = DateTime.UtcNow,
            });
        }
        await db.SaveChangesAsync();
    }

    /// <summary>A chat.postMessage as the fake Slack received it, and when it answered (null: the host was gone first).</summary>
    private sealed record Post(string Channel, string Ts, int Life, DateTime ReceivedAt)
    {
        public DateTime? AnsweredAt { get; set; }

        /// <summary>The message metadata it was posted with, which conversations.history gives back.</summary>
        public JsonNode? Metadata { get; init; }
    }
}
