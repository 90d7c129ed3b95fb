using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Briefly.Core.Briefs;

/// <summary>The identities of a brief and its stories, and the hash that tells an unchanged brief.</summary>
public static class BriefKeys
{
    /// <summary>
    /// Folds a title so that the same brief written with another dash, quote, case or spacing is still the same
    /// brief (the noisy layouts write " - " for " — ").
    /// </summary>
    public static string TitleKey(string title)
    {
        var builder = new StringBuilder(title.Length);
        var pendingSpace = false;
        foreach (var c in title.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) is UnicodeCategory.DashPunctuation)
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (char.IsPunctuation(c) || char.IsSymbol(c)) continue;
            if (pendingSpace) builder.Append(' ');
            pendingSpace = false;
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }

    public static string ContentHash(BriefDocument brief)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(brief);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }
}
