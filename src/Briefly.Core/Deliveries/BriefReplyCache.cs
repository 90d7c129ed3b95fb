using System.Collections.Concurrent;
using Briefly.Core.Conversations;

namespace Briefly.Core.Deliveries;

/// <summary>
/// The reply of each brief being fanned out, kept per version (its id and last update): a fan-out to thousands of
/// channels reads the brief and its stories once, not once per channel. A brief corrected mid fan-out is a new version
/// and is read afresh; only the last few versions are kept.
/// </summary>
public sealed class BriefReplyCache
{
    private const int Versions = 8;
    private readonly ConcurrentDictionary<(long BriefId, DateTime UpdatedAt), BriefReply> _replies = new();

    public async Task<BriefReply> GetAsync(long briefId, DateTime updatedAt, Func<Task<BriefReply>> read)
    {
        if (_replies.TryGetValue((briefId, updatedAt), out var reply)) return reply;
        reply = await read();
        if (_replies.Count >= Versions) _replies.Clear();
        _replies[(briefId, updatedAt)] = reply;
        return reply;
    }
}
