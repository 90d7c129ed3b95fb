using Briefly.Core.Search;

namespace Briefly.Core.Tests.Search;

public sealed class TopicQueryTests
{
    private static readonly DateOnly Today = new(2026, 5, 19);

    [Theory]
    [InlineData("latest on huawei chips", "huawei chips")]
    [InlineData("Latest on Huawei chips?", "Huawei chips")]
    [InlineData("what's new with deepseek?", "deepseek")]
    [InlineData("What’s new with DeepSeek?", "DeepSeek")]
    [InlineData("any news about export controls", "export controls")]
    [InlineData("any news on quantum computing in china?", "quantum computing in china")]
    [InlineData("updates on HBM", "HBM")]
    [InlineData("update on HBM", "HBM")]
    [InlineData("tell me about robotics", "robotics")]
    [InlineData("tell me more about robotics", "robotics")]
    [InlineData("qwen", "qwen")]
    [InlineData("deepseak", "deepseak")]
    [InlineData("US export ctrl", "US export ctrl")]
    [InlineData("what is the latest on Nvidia H20?", "Nvidia H20")]
    [InlineData("what's the latest news on huawei chips", "huawei chips")]
    [InlineData("hey, any updates on kimi?", "kimi")]
    [InlineData("news about zhipu glm", "zhipu glm")]
    [InlineData("show me news on cambricon", "cambricon")]
    [InlineData("anything new on minimax?", "minimax")]
    [InlineData("how is SMIC doing?", "SMIC")]
    [InlineData("huawei phones news", "huawei phones")]
    [InlineData("  ASML  ", "ASML")]
    public void Strips_the_framing_of_a_topic_question(string question, string topic)
    {
        var query = TopicQuery.Parse(question);

        Assert.Equal(QueryIntent.Topic, query.Intent);
        Assert.Equal(topic, query.Topic);
        Assert.Equal(RelativePeriod.None, query.Period);
        Assert.Null(query.Window(Today));
    }

    [Theory]
    [InlineData("who raised money in September?", "who raised money", 2025, 9, 1, 2025, 9, 30)]
    [InlineData("chip funding during may", "chip funding", 2026, 5, 1, 2026, 5, 31)]
    [InlineData("what did SMIC report in October 2025", "what did SMIC report", 2025, 10, 1, 2025, 10, 31)]
    [InlineData("april's robotics news", "robotics", 2026, 4, 1, 2026, 4, 30)]
    [InlineData("export controls this month", "export controls", 2026, 5, 1, 2026, 5, 19)]
    [InlineData("any news on HBM last month?", "HBM", 2026, 4, 1, 2026, 4, 30)]
    public void Takes_a_month_apart_from_the_topic(string question, string topic, int fromYear, int fromMonth, int fromDay, int toYear, int toMonth, int toDay)
    {
        var query = TopicQuery.Parse(question);

        Assert.Equal(QueryIntent.Topic, query.Intent);
        Assert.Equal(topic, query.Topic);
        Assert.Equal((new DateOnly(fromYear, fromMonth, fromDay), new DateOnly(toYear, toMonth, toDay)), query.Window(Today));
    }

    [Theory]
    [InlineData("what happened in march?")]
    [InlineData("news from last month")]
    public void A_month_alone_is_a_period(string question)
    {
        Assert.Equal(QueryIntent.Period, TopicQuery.Parse(question).Intent);
    }

    [Theory]
    [InlineData("huawei in May 0000")]
    [InlineData("huawei in December 9999")]
    [InlineData("brief for 12 May 0000")]
    public void An_impossible_year_is_no_date_and_breaks_nothing(string question)
    {
        var query = TopicQuery.Parse(question);

        Assert.Null(query.Window(Today));
    }

    [Theory]
    [InlineData("what may Huawei launch next", "what may Huawei launch next")]
    [InlineData("march of the humanoids", "march of the humanoids")]
    public void May_and_march_as_words_are_not_months(string question, string topic)
    {
        var query = TopicQuery.Parse(question);

        Assert.Equal(topic, query.Topic);
        Assert.Null(query.Window(Today));
    }

    [Theory]
    [InlineData("what happened with SMIC this week", "SMIC")]
    [InlineData("SMIC this week?", "SMIC")]
    [InlineData("any news on SMIC in the past week", "SMIC")]
    [InlineData("huawei chips, last 7 days", "huawei chips")]
    public void Takes_a_relative_week_apart_from_the_topic(string question, string topic)
    {
        var query = TopicQuery.Parse(question);

        Assert.Equal(QueryIntent.Topic, query.Intent);
        Assert.Equal(topic, query.Topic);
        Assert.Equal(RelativePeriod.PastWeek, query.Period);
        Assert.Equal((new DateOnly(2026, 5, 13), Today), query.Window(Today));
    }

    [Theory]
    [InlineData("brief for 12 May", 2026, 5, 12)]
    [InlineData("Brief for May 12", 2026, 5, 12)]
    [InlineData("the brief from 12th May 2026", 2026, 5, 12)]
    [InlineData("12 May", 2026, 5, 12)]
    [InlineData("brief 2026-05-12", 2026, 5, 12)]
    [InlineData("what was in the 1 May brief?", 2026, 5, 1)]
    [InlineData("today's brief", 2026, 5, 19)]
    [InlineData("today", 2026, 5, 19)]
    [InlineData("yesterday", 2026, 5, 18)]
    [InlineData("yesterday's brief", 2026, 5, 18)]
    [InlineData("brief for 20 December", 2025, 12, 20)]
    public void Recognises_a_date_lookup(string question, int year, int month, int day)
    {
        var query = TopicQuery.Parse(question);

        Assert.Equal(QueryIntent.DateLookup, query.Intent);
        Assert.Equal("", query.Topic);
        var date = new DateOnly(year, month, day);
        Assert.Equal((date, date), query.Window(Today));
    }

    [Theory]
    [InlineData("this week")]
    [InlineData("this week's news")]
    [InlineData("what happened this week?")]
    [InlineData("past week")]
    public void A_week_without_a_topic_asks_for_the_period(string question)
    {
        var query = TopicQuery.Parse(question);

        Assert.Equal(QueryIntent.Period, query.Intent);
        Assert.Equal(RelativePeriod.PastWeek, query.Period);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?")]
    [InlineData("latest news")]
    [InlineData("any updates?")]
    [InlineData("tell me about")]
    [InlineData("latest on")]
    [InlineData("what's new?")]
    [InlineData("any news about")]
    public void Framing_alone_is_no_question(string question) =>
        Assert.Equal(QueryIntent.None, TopicQuery.Parse(question).Intent);

    [Fact]
    public void A_topic_on_a_day_keeps_both()
    {
        var query = TopicQuery.Parse("huawei news on 12 May");

        Assert.Equal(QueryIntent.Topic, query.Intent);
        Assert.Equal("huawei", query.Topic);
        Assert.Equal((new DateOnly(2026, 5, 12), new DateOnly(2026, 5, 12)), query.Window(Today));
    }

    [Fact]
    public void Query_syntax_in_the_question_is_plain_text()
    {
        var query = TopicQuery.Parse("huawei AND (chips OR \"ascend\") title:*");

        Assert.Equal(QueryIntent.Topic, query.Intent);
        Assert.Contains("huawei", query.Topic, StringComparison.Ordinal);
    }
}
