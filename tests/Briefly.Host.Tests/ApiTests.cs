using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Briefly.Data;
using Briefly.Testing;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Host.Tests;

/// <summary>The host serving on a loopback port: health, the ingest API, sample data.</summary>
public class ApiTests
{
    private const string Key = "test-key-0123456789";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_ingest_API_takes_a_brief_once_and_names_what_is_wrong_with_a_bad_one(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var work = new TempFolder();
        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, new() { ["Ingest:ApiKey"] = Key, ["Ingest:MaxBriefBytes"] = "65536" });
        using var http = new HttpClient { BaseAddress = host.Url };
        var seed = await File.ReadAllTextAsync(SharedFiles.Seed);

        var noKey = await http.PostAsync("/api/briefs", new StringContent(seed, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);

        var created = await PostAsync(http, seed, "text/plain");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("created", body.GetProperty("status").GetString());
        Assert.Equal(5, body.GetProperty("newStoryIds").GetArrayLength());

        var again = await PostAsync(http, seed, "text/plain");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("unchanged", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var badJson = await PostAsync(http, """{"title":"A brief","date":"2026-05-03","stories":[{"title":"x","source":"y","summary":"z","citations":["not a url"]}]}""", "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        var problem = await badJson.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetString()!.StartsWith("request $.stories[0]", StringComparison.Ordinal));

        var noStories = await PostAsync(http, "China AI Update Brief — 3 May 2026\n\nTop Stories\n", "text/plain");
        Assert.Equal(HttpStatusCode.BadRequest, noStories.StatusCode);

        var longTitle = await PostAsync(http, """{"title":"T""" + new string('x', 400) + """ 3 May 2026","date":"2026-05-03","stories":[{"title":"x","source":"y","summary":"z","whyItMatters":"w","citations":["https://example.test/a"]}]}""", "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, longTitle.StatusCode);
        Assert.Contains("title: ", await longTitle.Content.ReadAsStringAsync());

        // A NUL escaped in a citation (PostgreSQL refuses it in text) and a raw bell in a text brief: refused at parse
        // time with their place, and the request after them still answered.
        var nul = await PostAsync(http, """{"title":"A brief","date":"2026-05-03","stories":[{"title":"x","source":"y","summary":"z","whyItMatters":"w","citations":["https://example.test/a\u0000"]}]}""", "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Contains("request $.stories[0].citations[0]: a control character (U+0000) is not allowed in a brief", await nul.Content.ReadAsStringAsync());
        var bell = await PostAsync(http, seed.Replace("Key Takeaways", "Key \a Takeaways", StringComparison.Ordinal), "text/plain");
        Assert.Equal(HttpStatusCode.BadRequest, bell.StatusCode);
        Assert.Contains("a control character (U+0007) is not allowed in a brief", await bell.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, seed, "text/plain")).StatusCode);

        // A form upload of the brief file: refused whole, not stored as a brief titled with its boundary.
        using (var form = new MultipartFormDataContent { { new StringContent(seed), "file", "brief.txt" } })
        using (var upload = new HttpRequestMessage(HttpMethod.Post, "/api/briefs") { Content = form })
        {
            upload.Headers.Add("X-Api-Key", Key);
            var multipart = await http.SendAsync(upload);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, multipart.StatusCode);
            Assert.Contains("multipart/form-data is not taken", await multipart.Content.ReadAsStringAsync());
        }

        var tooLarge = await PostAsync(http, seed + new string(' ', 70_000), "text/plain");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains($"too large: {(Encoding.UTF8.GetByteCount(seed) + 70_000).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} bytes", await tooLarge.Content.ReadAsStringAsync());
        // Chunked, with no length to refuse it by: read up to the limit, and said so.
        using (var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/briefs") { Content = new StreamContent(new UnknownLength(Encoding.UTF8.GetBytes(seed + new string(' ', 70_000)))) })
        {
            chunked.Headers.Add("X-Api-Key", Key);
            var response = await http.SendAsync(chunked);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Contains("too large: more than 65,536 bytes (64 KB), the most a brief may be", await response.Content.ReadAsStringAsync());
        }

        using var listRequest = new HttpRequestMessage(HttpMethod.Get, "/api/briefs");
        listRequest.Headers.Add("X-Api-Key", Key);
        var listed = await (await http.SendAsync(listRequest)).Content.ReadFromJsonAsync<JsonElement>();
        var brief = Assert.Single(listed.EnumerateArray());
        Assert.Equal("2026-04-29", brief.GetProperty("date").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_brief_belongs_to_the_source_that_stored_it_and_a_handled_race_is_not_logged_as_a_failure(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var work = new TempFolder();
        var seed = await File.ReadAllTextAsync(SharedFiles.Seed);
        var corrected = seed.Replace("Key Takeaways", "Key Takeaways\n\n- A takeaway added later.", StringComparison.Ordinal);
        Assert.NotEqual(seed, corrected);
        Assert.Equal(0, (await BrieflyProcess.RunAsync(database, work.Path, "ingest", work.File("seed.txt", seed))).ExitCode);

        var other = seed.Replace("China AI Update Brief", "Energy Desk Brief", StringComparison.Ordinal);
        await using (var host = await BrieflyProcess.ServeAsync(database, work.Path, new() { ["Ingest:ApiKey"] = Key }))
        {
            using var http = new HttpClient { BaseAddress = host.Url };

            // The command line's brief, corrected through the API: a conflict, and the stored brief stays as it was.
            var conflict = await PostAsync(http, corrected, "text/plain");
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
            var problem = await conflict.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("request: conflict: \"China AI Update Brief — 29 April 2026\" of 2026-04-29 is stored from the command line (ingest), " +
                "and only its source may change it (or set Ingest:AllowReplaceAcrossSources=true)", Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetString());

            // Six clients posting one new brief at once: one creates it, the others find it; the losers' unique-index
            // violations are handled, so nothing is logged as a failure.
            var posts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostAsync(http, other, "text/plain")));
            Assert.Single(posts, p => p.StatusCode == HttpStatusCode.Created);
            Assert.All(posts, p => Assert.True(p.IsSuccessStatusCode, p.StatusCode.ToString()));
            Assert.Empty(host.LinesAt("fail"));
            Assert.DoesNotContain("   at ", host.Log);
        }
        await using (var db = database.CreateContext())
            Assert.Equal(0, await db.Takeaways.CountAsync(t => t.Text.Contains("added later")));

        // The API's brief, changed from the command line: refused by name, the others taken; allowed when configured.
        var otherCorrected = work.File("other.txt", other.Replace("Key Takeaways", "Key Takeaways\n\n- A takeaway added later.", StringComparison.Ordinal));
        var refused = await BrieflyProcess.RunAsync(database, work.Path, "ingest", otherCorrected, work.File("seed-again.txt", corrected));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("other.txt: conflict: \"Energy Desk Brief — 29 April 2026\" of 2026-04-29 is stored from the ingest API", refused.Errors);
        Assert.Contains("Briefs: 0 created, 1 updated, 0 unchanged, 1 rejected.", refused.Output);
        var allowed = await BrieflyProcess.RunAsync(database, work.Path, new() { ["Ingest:AllowReplaceAcrossSources"] = "true" }, TimeSpan.FromMinutes(3), "ingest", otherCorrected);
        Assert.True(allowed.ExitCode == 0, allowed.Errors);
        Assert.Contains("Briefs: 0 created, 1 updated", allowed.Output);
    }

    [Fact]
    public async Task Without_a_configured_key_the_ingest_API_is_off()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, []);
        using var http = new HttpClient { BaseAddress = host.Url };

        var response = await PostAsync(http, "anything", "text/plain");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Ingest:ApiKey", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Serve_with_samples_stores_the_sample_briefs_and_is_healthy()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await BrieflyProcess.ServeAsync(database, RepositoryFiles.Root, new() { ["Ingest:ApiKey"] = Key }, "serve", "--samples");
        using var http = new HttpClient { BaseAddress = host.Url };

        Assert.Equal("Healthy", (await http.GetFromJsonAsync<JsonElement>("/health")).GetProperty("status").GetString());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/briefs");
        request.Headers.Add("X-Api-Key", Key);
        var briefs = await (await http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        var count = Directory.GetFiles(RepositoryFiles.Path("samples", "briefs")).Length;
        Assert.Equal(count, briefs.GetArrayLength());
        Assert.All(briefs.EnumerateArray(), b => Assert.InRange(b.GetProperty("stories").GetArrayLength(), 4, 6));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string body, string contentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/briefs") { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Headers.Add("X-Api-Key", Key);
        return http.SendAsync(request);
    }
}

/// <summary>A body HttpClient cannot measure, so it is sent chunked.</summary>
internal sealed class UnknownLength(byte[] bytes) : MemoryStream(bytes)
{
    public override bool CanSeek => false;
}
