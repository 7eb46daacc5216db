using Microsoft.Net.Http.Headers;

namespace Leercultuur.Scans.Instruments;

/// <summary>The languages instruments are written in, chosen from Accept-Language (Dutch unless English is preferred).</summary>
public static class Languages
{
    public const string Dutch = "nl";
    public const string English = "en";

    /// <summary>The most preferred of nl and en (en-GB counts as en); Dutch when neither is asked for. Sets Content-Language and Vary.</summary>
    public static string Choose(HttpContext context)
    {
        var chosen = Dutch;
        if (StringWithQualityHeaderValue.TryParseList(context.Request.Headers.AcceptLanguage.OfType<string>().ToList(), out var ranges))
        {
            var best = ranges
                .Where(r => r.Quality is null or > 0)
                .Select((range, order) => (Language: Primary(range.Value.Value), Quality: range.Quality ?? 1, order))
                .Where(r => r.Language is Dutch or English)
                .OrderByDescending(r => r.Quality)
                .ThenBy(r => r.order)
                .FirstOrDefault();
            chosen = best.Language ?? Dutch;
        }

        context.Response.Headers.ContentLanguage = chosen;
        context.Response.Headers.Vary = "Accept-Language";
        return chosen;
    }

    private static string? Primary(string? tag) => tag?.Split('-')[0].ToLowerInvariant();
}
