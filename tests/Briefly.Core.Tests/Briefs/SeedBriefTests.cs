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

    [Fact]
    public void Summary_and_why_it_matters_are_split_at_their_labels()
    {
        var first = Seed.Stories[0];
        Assert.StartsWith("Chinese tech giants including Alibaba, Tencent, and ByteDance", first.Summary, StringComparison.Ordinal);
        Assert.EndsWith("as deployment scales rapidly.", first.Summary, StringComparison.Ordinal);
        Assert.Equal(
            "This marks a structural acceleration toward a fully domestic AI stack in China—integrating models, chips, and cloud platforms under local control.",
            first.WhyItMatters);
        Assert.Contains("“distillation”", Seed.Stories[3].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Four_takeaways_without_their_bullets()
    {
        Assert.Equal(
            [
                "China’s AI ecosystem is rapidly converging into a closed-loop domestic stack (chips + models + cloud)",
                "DeepSeek V4 is the central catalyst accelerating Huawei chip adoption",
                "AI competition is shifting from model quality → cost, scale, and infrastructure control",
                "Geopolitical tension is increasingly focused on model IP and knowledge distillation",
            ],
            Seed.Takeaways);
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
