using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Leercultuur.ServiceDefaults.Http;

/// <summary>
/// Versions as entity tags: every read says which version it shows (<c>ETag: "3"</c>), and a write must
/// say which version it changes (<c>If-Match: "3"</c>), so two clients never overwrite each other unseen.
/// </summary>
public static class EntityTags
{
    public static string For(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Sets the version's ETag and says a cached copy must be revalidated (answers depend on the caller).</summary>
    public static void Set(HttpResponse response, long version)
    {
        response.Headers.ETag = For(version);
        response.Headers.CacheControl = "private, no-cache";
    }

    /// <summary>Whether the client's If-None-Match names this version (then 304 answers).</summary>
    public static bool NotModified(HttpRequest request, long version) =>
        request.Headers.IfNoneMatch.Any(value => value is not null && value.Split(',').Select(v => v.Trim()).Any(v => v == "*" || v == For(version) || v == "W/" + For(version)));

    /// <summary>What <c>If-Match: *</c> names: whatever version is current (RFC 9110, 13.1.1). Versions start at 1.</summary>
    public const long Any = 0;

    /// <summary>Whether an If-Match's version allows a change of the current one.</summary>
    public static bool Matches(long expected, long current) => expected == Any || expected == current;

    /// <summary>The version an If-Match names: null when there is none, <see cref="Any"/> for *, -1 when it names none we could have sent.</summary>
    public static long? IfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var tag = header.Trim();
        if (tag == "*")
        {
            return Any;
        }

        return tag.Length > 2 && tag[0] == '"' && tag[^1] == '"' &&
               long.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : -1;
    }
}
