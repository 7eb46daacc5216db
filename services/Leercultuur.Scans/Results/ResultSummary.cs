using System.Globalization;
using System.Net;
using System.Text;

namespace Leercultuur.Scans.Results;

/// <summary>
/// The result as a printable page an employer reads without help: one short paragraph per dimension,
/// the zone, the largest gaps, the sector comparison. Self-contained (no scripts, fonts or images from
/// elsewhere), every value HTML-encoded.
/// </summary>
public static class ResultSummary
{
    public static string Html(ScanResultResponse result)
    {
        var en = result.Language == "en";
        // Written out rather than looked up: the host may run without culture data (invariant globalization).
        var culture = (NumberFormatInfo)NumberFormatInfo.InvariantInfo.Clone();
        (culture.NumberDecimalSeparator, culture.NumberGroupSeparator) = en ? (".", ",") : (",", ".");
        string T(string nl, string english) => en ? english : nl;
        string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        string N(double value, int decimals = 1) => value.ToString("N" + decimals, culture);

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(en ? "en" : "nl").Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(result.Title)).Append(" — ").Append(E(result.Period)).Append("</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}")
            .Append("h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}.score{font-weight:bold}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.25rem .5rem;text-align:left}")
            .Append("@media print{body{margin:0}}</style></head><body><main>");
        html.Append("<h1>").Append(E(result.Title)).Append("</h1>");
        html.Append("<p>").Append(E(T("Periode", "Period"))).Append(' ').Append(E(result.Period));
        if (result.Team is not null)
        {
            html.Append(", ").Append(E(T("team", "team"))).Append(' ').Append(E(result.Team));
        }

        html.Append(". ").Append(E(T($"{result.Respondents} mensen vulden de vragenlijst in.", $"{result.Respondents} people answered the questionnaire."))).Append("</p>");

        foreach (var zone in result.Classifications)
        {
            html.Append("<h2>").Append(E(zone.Label)).Append(": ").Append(E(zone.ZoneLabel)).Append("</h2>");
            if (zone.Description is not null)
            {
                html.Append("<p>").Append(E(zone.Description)).Append("</p>");
            }
        }

        if (result.Gaps.Count > 0)
        {
            html.Append("<h2>").Append(E(T("De grootste verschillen tussen nu en gewenst", "The largest gaps between now and wanted"))).Append("</h2><ol>");
            foreach (var gap in result.Gaps.Take(3))
            {
                html.Append("<li>").Append(E(gap.Name)).Append(": ")
                    .Append(E(T($"nu {N(gap.Now)}, gewenst {N(gap.Wanted)}, verschil {N(gap.Gap)}", $"now {N(gap.Now)}, wanted {N(gap.Wanted)}, gap {N(gap.Gap)}")))
                    .Append("</li>");
            }

            html.Append("</ol><p>").Append(E(T("Begin het gesprek bij het grootste verschil.", "Start the conversation with the largest gap."))).Append("</p>");
        }

        html.Append("<h2>").Append(E(T("Per onderdeel", "Per dimension"))).Append("</h2>");
        foreach (var dimension in result.Dimensions)
        {
            html.Append("<h3>").Append(E(dimension.Name)).Append("</h3><p>")
                .Append(E(T("Score", "Score"))).Append(" <span class=\"score\">").Append(E(N(dimension.Score, 0))).Append("</span> ")
                .Append(E(T($"van 100 (gemiddeld {N(dimension.Mean, 2)}, {dimension.Respondents} respondenten).", $"out of 100 (mean {N(dimension.Mean, 2)}, {dimension.Respondents} respondents).")));
            if (dimension.Roles.Count > 1)
            {
                html.Append(' ').Append(E(string.Join("; ", dimension.Roles.Select(r => $"{r.Label}: {N(r.Score, 0)}"))))
                    .Append('.');
            }

            var benchmark = result.Benchmark.Cells.FirstOrDefault(c => c.Dimension == dimension.Dimension && c.Mean is not null);
            if (benchmark is not null)
            {
                html.Append(' ').Append(E(T(
                    $"Organisaties in uw sector: gemiddeld {N(benchmark.Mean!.Value, 2)} ({benchmark.Organisations} organisaties).",
                    $"Organisations in your sector: mean {N(benchmark.Mean!.Value, 2)} ({benchmark.Organisations} organisations).")));
            }

            html.Append("</p>");
        }

        html.Append("<h2>").Append(E(T("Vergelijking met de sector", "Comparison with the sector"))).Append("</h2><p>");
        html.Append(E(result.Benchmark.Status switch
        {
            BenchmarkResponse.Available when result.Benchmark.Cells.Any(c => c.Mean is not null) => T("De sectorcijfers staan hierboven bij elk onderdeel.", "The sector's figures are given above with each dimension."),
            BenchmarkResponse.Available => T("Voor uw sector zijn in deze periode nog geen cijfers te publiceren.", "Your sector has no figures that can be published for this period yet."),
            BenchmarkResponse.NotApplicable => T("Deze scan is voor het eigen gesprek en wordt niet vergeleken.", "This scan is for your own conversation and is not compared."),
            _ => T("De vergelijking met de sector is nu niet beschikbaar.", "The comparison with the sector is not available right now."),
        }));
        html.Append("</p></main></body></html>");
        return html.ToString();
    }
}
