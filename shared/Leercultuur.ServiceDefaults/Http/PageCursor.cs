using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Leercultuur.ServiceDefaults.Http;

/// <summary>
/// Where a page of a list ends, for keyset pagination in a stable order (an instant, then an id): the
/// values of its last item. Opaque to clients (base64url); one that does not decode is refused. A
/// cursor carries no right of its own: filters and the caller's reach apply again on every page. Rows
/// inserted between pages are never repeated and never shift others out, as they would with offsets;
/// a row whose transaction commits after a page has passed its instant (the instant is taken just
/// before the commit) is seen by the next walk through the list, not this one.
/// </summary>
public sealed record PageCursor(DateTimeOffset At, Guid Id)
{
    /// <summary>What a cursor looks like, for the OpenAPI documents: unpadded base64url, at most 100 characters.</summary>
    public const string Pattern = "^[A-Za-z0-9_-]{1,100}$";

    public const string Description = "Where the next page starts, exactly as the next link gives it.";

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{At.UtcTicks.ToString(CultureInfo.InvariantCulture)}.{Id:N}"));

    public static bool TryDecode(string? text, out PageCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > 100 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') || !Base64Url.IsValid(text))
        {
            return false;
        }

        var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split('.');
        if (parts.Length != 2 ||
            !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ||
            ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks ||
            !Guid.TryParseExact(parts[1], "N", out var id))
        {
            return false;
        }

        cursor = new PageCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }

    /// <summary>The same request with the next page's cursor: filters and limit as the client sent them.</summary>
    public static string NextLink(Microsoft.AspNetCore.Http.HttpRequest request, string cursor)
    {
        var query = request.Query
            .Where(parameter => parameter.Key != "cursor")
            .SelectMany(parameter => parameter.Value.Select(value => $"{Uri.EscapeDataString(parameter.Key)}={Uri.EscapeDataString(value ?? "")}"))
            .Append($"cursor={cursor}");
        return $"{request.PathBase}{request.Path}?{string.Join('&', query)}";
    }
}
