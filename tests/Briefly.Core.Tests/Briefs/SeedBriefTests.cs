using Briefly.Core.Briefs;

namespace Briefly.Core.Tests.Briefs;

/// <summary>The real brief the format comes from, read in place, against values checked by hand.</summary>
public sealed class SeedBriefTests
{
    private static readonly BriefDocument Seed = BriefAssert.Succeeded(BriefParser.Parse(File.ReadAllText(SharedFiles.Seed)));

    [Fact]
    public void Brief_has_its_title_date_and_posted_time()
    {
        Assert.Equal("China AI Update Brief — 29 April 2026", Seed.Title);
        Assert.Equal(new DateOnly(2026, 4, 29), Seed.Date);
        Assert.Equal(new DateTime(2026, 4, 29, 21, 41, 0), Seed.PostedAt);
        Assert.Equal(DateTimeKind.Unspecified, Seed.PostedAt!.Value.Kind);
    }

    [Fact]
    public void Brief_has_five_stories_in_order_and_no_heading_among_them()
    {
        Assert.Equal(
            [
                "DeepSeek V4 triggers massive demand surge for Huawei AI chips",
                "DeepSeek V4 strengthens China’s AI self-sufficiency push",
                "China intensifies AI chip race with domestic semiconductor push",
                "US–China AI tensions escalate over model distillation concerns",
                "DeepSeek V4 becomes symbolic milestone for China’s open-source AI strategy",
            ],
            Seed.Stories.Select(s => s.Title));
    }

    [Fact]
    public void Sources_are_outlets_only_and_dates_follow_the_rules()
    {
        Assert.Equal(
            ["Reuters / Business Times", "AsiaOne / CNA / Straits Times", "Reuters / Asia Financial", "Asia Times", "AP News / Straits Times"],
            Seed.Stories.Select(s => s.Source));
        Assert.Equal(["29 Apr 2026", "29 Apr 2026", "Apr 2026", "28–29 Apr 2026", "29 Apr 2026"], Seed.Stories.Select(s => s.DateText));
        // "Apr 2026" names no day: the brief's date stands. "28–29 Apr 2026" ends on the 29th.
        Assert.All(Seed.Stories, s => Assert.Equal(new DateOnly(2026, 4, 29), s.Date));
    }

    [Fact]
    public void Citations_are_every_url_in_order_with_also_confirmed()
    {
        Assert.Equal(
            [
                "https://www.reuters.com/world/china/big-chinese-tech-firms-scramble-secure-huawei-ai-chips-after-deepseek-v4-launch-2026-04-29/",
                "https://www.businesstimes.com.sg/companies-markets/telcos-media-tech/big-chinese-tech-firms-scramble-secure-huawei-ai-chips-after-deepseek-v4-launch-sources",
            ],
            Seed.Stories[0].Citations);
        Assert.Equal(
            [
                "https://www.asiaone.com/digital/deepseek-unveils-new-ai-model-tailored-huawei-chips-china-pushes-tech-autonomy",
                "https://www.channelnewsasia.com/east-asia/china-releases-new-deepseek-v4-ai-model-can-run-huawei-chips-6078236",
            ],
            Seed.Stories[1].Citations);
        Assert.Equal(
            [
                "https://www.asiafinancial.com/chinas-deepseek-says-new-v4-ai-model-can-run-on-huawei-chips",
                "https://www.reuters.com/business/media-telecom/huawei-ascend-supernode-support-deepseek-v4-2026-04-24/",
            ],
            Seed.Stories[2].Citations);
        Assert.Equal(["https://asiatimes.com/2026/04/us-sounds-alarm-on-chinas-ai-distillation-as-deepseek-v4-debuts/"], Seed.Stories[3].Citations);
        Assert.Equal(
            [
                "https://apnews.com/article/d2ed33f2521917193616e061674d5f92",
                "https://www.straitstimes.com/asia/east-asia/new-deepseek-model-marks-ai-milestone-is-china-closing-the-gap-with-the-us/",
            ],
            Seed.Stories[4].Citations);
    }

    // The expected texts are cut from the seed file itself (read in place), so no prose of ../shared is copied here.
    private static readonly string[] SeedLines = File.ReadAllLines(SharedFiles.Seed);

    private static string Between(string line, string start, string end)
    {
        var from = line.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return line[from..line.IndexOf(end, from, StringComparison.Ordinal)].Trim();
    }

    [Fact]
    public void Summary_and_why_it_matters_are_split_at_their_labels()
    {
        var line = SeedLines.First(l => l.StartsWith("Source:", StringComparison.Ordinal));
        var first = Seed.Stories[0];
        Assert.Equal(Between(line, "Summary: ", " Why It Matters:"), first.Summary);
        Assert.Equal(Between(line, "Why It Matters: ", " Citation URL:"), first.WhyItMatters);
        Assert.DoesNotContain("Why It Matters", first.Summary, StringComparison.Ordinal);
        Assert.Contains("“distillation”", Seed.Stories[3].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Four_takeaways_without_their_bullets()
    {
        var bullets = SeedLines.SkipWhile(l => l != "Key Takeaways").Where(l => l.TrimStart().StartsWith('•'))
            .Select(l => l.TrimStart().TrimStart('•').Trim()).ToList();
        Assert.Equal(4, bullets.Count);
        Assert.Equal(bullets, Seed.Takeaways);
    }

    [Fact]
    public void Crlf_and_nbsp_versions_of_the_seed_read_the_same()
    {
        var text = File.ReadAllText(SharedFiles.Seed);
        var noisy = text.Replace("\n", "\r\n").Replace(" 2026", "\u00A02026").Replace("Source: ", "Source:\u00A0\t")
            .Replace("Top Stories", "Top Stories \t").Replace("09:41 PM", "09:41\u202FPM");

        BriefAssert.Same(Seed, BriefAssert.Succeeded(BriefParser.Parse(noisy)));
        BriefAssert.Same(Seed, BriefAssert.Succeeded(BriefParser.Parse(text.Replace("\n", "\r"))));
    }
}
