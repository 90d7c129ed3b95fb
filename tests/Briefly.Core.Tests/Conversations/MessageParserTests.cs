using Briefly.Core.Conversations;
using Briefly.Data.Entities;

namespace Briefly.Core.Tests.Conversations;

public class MessageParserTests
{
    [Theory]
    [InlineData("subscribe Huawei chips", "Huawei chips")]
    [InlineData("Subscribe to export controls", "export controls")]
    [InlineData("follow: DeepSeek", "DeepSeek")]
    [InlineData("<@U0LAN0Z89> subscribe \"HBM\"", "HBM")]
    [InlineData("/brief subscribe qwen", "qwen")]
    [InlineData("<at>Briefly</at> alert me about robotics", "robotics")]
    public void Subscribe_takes_the_topic_in_the_persons_words(string text, string topic) =>
        Assert.Equal(new Command.Subscribe(topic), MessageParser.Parse(text));

    [Theory]
    [InlineData("unsubscribe Huawei chips", "Huawei chips")]
    [InlineData("unsubscribe from HBM", "HBM")]
    [InlineData("stop following DeepSeek", "DeepSeek")]
    public void Unsubscribe_takes_the_topic(string text, string topic) =>
        Assert.Equal(new Command.Unsubscribe(topic), MessageParser.Parse(text));

    [Theory]
    [InlineData("latest on Huawei chips")]
    [InlineData("subsidies for chip fabs")]
    [InlineData("followers of DeepSeek")]
    [InlineData("what's new with DeepSeek?")]
    public void Anything_that_is_not_a_command_is_a_question(string text) =>
        Assert.Equal(new Command.Question(text), MessageParser.Parse(text));

    [Fact]
    public void Settings_commands_read_their_values()
    {
        Assert.Equal(new Command.SetAlertMode(AlertMode.Daily, new TimeOnly(7, 30)), MessageParser.Parse("alerts daily at 7:30"));
        Assert.Equal(new Command.SetAlertMode(AlertMode.Daily, new TimeOnly(18, 0)), MessageParser.Parse("digest 6pm"));
        Assert.Equal(new Command.SetAlertMode(AlertMode.Instant, null), MessageParser.Parse("alerts instant"));
        Assert.Equal(new Command.SetAlertMode(AlertMode.Off, null), MessageParser.Parse("alerts off"));
        Assert.Equal(new Command.WhoAmI(), MessageParser.Parse("whoami"));
        Assert.Equal(new Command.SetTimeZone("Europe/London"), MessageParser.Parse("time zone Europe/London"));
        Assert.Equal(new Command.SetQuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0)), MessageParser.Parse("quiet hours 22:00–07:00"));
        Assert.Equal(new Command.SetSchedule(new TimeOnly(8, 30), "Asia/Shanghai", WeekDays.Weekdays), MessageParser.Parse("schedule 08:30 Asia/Shanghai weekdays"));
        Assert.Equal(new Command.SetSchedule(new TimeOnly(9, 0), null, WeekDays.Monday | WeekDays.Tuesday | WeekDays.Wednesday), MessageParser.Parse("schedule at 9:00 mon-wed"));
        Assert.Equal(new Command.SetSchedule(new TimeOnly(6, 45), "UTC", WeekDays.Every), MessageParser.Parse("schedule 06:45 UTC daily"));
        Assert.Equal(new Command.SetSchedule(null, null, WeekDays.None), MessageParser.Parse("schedule off"));
        Assert.IsType<Command.Pause>(MessageParser.Parse("pause"));
        Assert.IsType<Command.Resume>(MessageParser.Parse("Resume"));
        Assert.IsType<Command.Topics>(MessageParser.Parse("my topics"));
        Assert.IsType<Command.Topics>(MessageParser.Parse("suggested topics"));
        Assert.IsType<Command.More>(MessageParser.Parse("more"));
        Assert.IsType<Command.Settings>(MessageParser.Parse("settings"));
    }

    [Theory]
    [InlineData("subscribe", "subscribe")]
    [InlineData("alerts hourly", "alert mode")]
    [InlineData("alerts daily 25:00", "digest time")]
    [InlineData("quiet hours 9", "quiet hours")]
    [InlineData("schedule soon", "schedule time")]
    [InlineData("schedule 08:30 Asia/Shanghai fortnightly", "schedule days")]
    [InlineData("timezone", "timezone")]
    public void A_command_with_an_unusable_value_names_the_part(string text, string parameter)
    {
        var invalid = Assert.IsType<Command.Invalid>(MessageParser.Parse(text));
        Assert.Equal(parameter, invalid.Parameter);
        Assert.NotEmpty(invalid.Example);
    }
}
