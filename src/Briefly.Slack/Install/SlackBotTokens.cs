using System.Collections.Concurrent;
using Briefly.Data;
using Briefly.Slack.Edge;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Briefly.Slack.Install;

/// <summary>
/// The bot token to call the Web API with for a workspace: the one its installation stored (decrypted here, and only
/// here), else <c>Slack:BotToken</c> for a one-workspace deployment. Tokens are remembered for a minute, so a fan-out does
/// not read the database for every post; an uninstalled workspace's token answers <c>invalid_auth</c> in that minute,
/// which ends the workspace's sends as the uninstall itself does.
/// </summary>
public sealed class SlackBotTokens(IServiceScopeFactory scopes, IDataProtectionProvider protection, IOptions<SlackOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Remembered = TimeSpan.FromMinutes(1);

    internal const string Purpose = "Briefly.Slack.BotToken";

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);
    private readonly ConcurrentDictionary<string, (string? Token, DateTimeOffset Until)> _known = new(StringComparer.Ordinal);

    /// <summary>
    /// The token for the workspace, or the single configured one. With neither, the call fails as Slack fails a call made
    /// without a token (<c>not_authed</c>), which ends the sends to that workspace rather than retrying them.
    /// </summary>
    public async Task<string> ForTeamAsync(string? teamId, CancellationToken cancellationToken)
    {
        if (teamId is not null)
        {
            var now = time.GetUtcNow();
            if (!_known.TryGetValue(teamId, out var entry) || entry.Until <= now)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<BrieflyDbContext>();
                var stored = await db.SlackInstallations.AsNoTracking().Where(i => i.TeamId == teamId)
                    .Select(i => i.ProtectedBotToken).FirstOrDefaultAsync(cancellationToken);
                entry = (stored is null ? null : _protector.Unprotect(stored), now + Remembered);
                _known[teamId] = entry;
            }
            if (entry.Token is not null) return entry.Token;
        }
        return options.Value.BotToken is { Length: > 0 } single ? single
            : throw new SlackApiException("auth", "not_authed");
    }

    /// <summary>Encrypts a token for storing.</summary>
    internal string Protect(string token) => _protector.Protect(token);

    /// <summary>Forgets what this host remembers of a workspace (after its installation changed here).</summary>
    internal void Forget(string teamId) => _known.TryRemove(teamId, out _);
}
