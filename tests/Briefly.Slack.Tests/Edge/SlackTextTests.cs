using Briefly.Slack.Edge;
using Briefly.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Briefly.Slack.Tests.Edge;

/// <summary>Slack's escaped, tokenised message text read back as the words typed, alone and on the way into the core.</summary>
public sealed class SlackTextTests
{
    [Theory]
    [InlineData("AT&amp;T chips", "AT&T chips")]
    [InlineData("<@U0LAN0Z89> latest on Huawei chips", "latest on Huawei chips")]
    [InlineData("<@U0LAN0Z89|briefly> what's new with DeepSeek?", "what's new with DeepSeek?")]
    [InlineData("<@U0LAN0Z89>   <@W012A3CDE> subscribe SK Hynix &amp; HBM", "subscribe SK Hynix & HBM")]
    [InlineData("hey <!here> any news on CXMT?", "hey any news on CXMT?")]
    [InlineData("latest on <!subteam^SAZ94GDB8|@chip-desk> export rules", "latest on export rules")]
    [InlineData("what did <#C024BE7LR|chip-news> say about SMIC", "what did #chip-news say about SMIC")]
    [InlineData("anything from <#C024BE7LR|> today", "anything from today")]
    [InlineData("latest on <https://example.com/a?b=1&amp;c=2|Moore Threads>", "latest on Moore Threads")]
    [InlineData("read <https://example.com/a?b=1&amp;c=2>", "read https://example.com/a?b=1&c=2")]
    [InlineData("news since <!date^1392734382^{date_short}|Feb 18, 2014>", "news since Feb 18, 2014")]
    [InlineData("is 5 &lt; 7 &amp;&amp; 7 &gt; 5", "is 5 < 7 && 7 > 5")]
    [InlineData("typed literally: &amp;lt;b&amp;gt; &amp;amp;", "typed literally: &lt;b&gt; &amp;")]
    [InlineData("&lt;@U123&gt; is text, not a mention", "<@U123> is text, not a mention")]
    [InlineData("chips<@U0LAN0Z89>please", "chips please")]
    [InlineData("help <@U0LAN0Z89>", "help")]
    [InlineData("", "")]
    public void Text_reads_as_the_words_typed(string slack, string plain)
    {
        Assert.Equal(plain, SlackText.Plain(slack));
    }

    /// <summary>Slack's documented app_mention callback (../shared/reference/slack): the bot's own mention is not part of the question.</summary>
    [Fact]
    public void A_recorded_mention_reaches_the_core_without_the_bots_name_and_with_its_ampersands()
    {
        var request = SlackPayloadReader.Events(File.ReadAllText(SharedFiles.Reference("slack", "slack-docs_app_mention_event_callback.json")));
        var mention = Assert.IsType<SlackAppMentionEvent>(request.Event);
        Assert.Equal("is it everything a river should be?", SlackMessages.FromEvent(request.TeamId, mention, "Ev1", null).Text);

        var typed = mention with { Text = "<@U0LAN0Z89> latest on AT&amp;T chips" };
        Assert.Equal("latest on AT&T chips", SlackMessages.FromEvent(request.TeamId, typed, "Ev1", null).Text);
    }

    [Fact]
    public void A_slash_commands_text_is_read_the_same_way()
    {
        var command = SlackPayloadReader.Command("team_id=T1DC2JH3J&channel_id=C8PSS9T3V&channel_name=chips&user_id=U2CERLKJA&trigger_id=398738663015.1&text="
            + Uri.EscapeDataString("subscribe Hua Hong &amp; SMIC <@U2CERLKJA|roadrunner>"));
        Assert.Equal("subscribe Hua Hong & SMIC", SlackMessages.FromCommand(command, null).Text);
    }

    /// <summary>Whatever a person types, Slack escaping it and Briefly reading it back gives the same words.</summary>
    [Property(MaxTest = 1000)]
    public Property Escaped_text_reads_back_as_typed() =>
        Prop.ForAll(Typed, typed => Assert.Equal(typed.Trim(), SlackText.Plain(SlackEscape(typed))));

    [Property(MaxTest = 500)]
    public Property A_leading_mention_of_the_bot_leaves_just_the_question() =>
        Prop.ForAll(UserIds, Typed, (bot, question) =>
            Assert.Equal(question.Trim(), SlackText.Plain($"<@{bot}> {SlackEscape(question)}")));

    /// <summary>Any mix of tokens, escapes and stray brackets reads without throwing, and reading only ever shortens.</summary>
    [Property(MaxTest = 1000)]
    public Property Any_text_reads_without_throwing() =>
        Prop.ForAll(Arb.From(Gen.ArrayOf(Gen.Elements("<", ">", "&", "&amp;", "&lt;", "&gt;", "<@U1>", "<#C1|x>", "<!here>", "<a|b>", "|", "@", " ", "a", "é"))
                .Select(string.Concat)),
            text => Assert.True(SlackText.Plain(text).Length <= text.Length));

    /// <summary>Slack's escaping of typed text (https://docs.slack.dev/messaging/formatting-message-text/#escaping).</summary>
    private static string SlackEscape(string typed) => typed.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>Text with plenty of the characters Slack escapes, and of the ones its tokens are made of.</summary>
    private static Arbitrary<string> Typed { get; } = Arb.From(
        Gen.ArrayOf(Gen.OneOf(
                Gen.Elements('&', '<', '>', ';', '|', '@', '#', '!', ' ', '\t', '\n', 'a', 'T', 'é', '漢'),
                ArbMap.Default.ArbFor<char>().Generator))
            .Select(chars => new string(chars)));

    private static Arbitrary<string> UserIds { get; } = Arb.From(
        Gen.Elements('U', 'W').SelectMany(kind => Gen.ArrayOf(Gen.Elements("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ".ToCharArray()), 8)
            .Select(rest => kind + new string(rest))));
}
