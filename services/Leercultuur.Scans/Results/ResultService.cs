using Leercultuur.Scans.Instruments;
using Leercultuur.Scans.Organisations;
using Leercultuur.Scans.Scanning;
using Leercultuur.Scans.Scoring;
using Leercultuur.ServiceDefaults.Http;

namespace Leercultuur.Scans.Results;

/// <summary>Builds a completed scan's result from its stored scores, its team siblings and reporting's sector benchmark.</summary>
public sealed class ResultService(ScanRepository scans, OrganisationReplica organisations, InstrumentStore store, BenchmarkClient benchmarks)
{
    /// <summary>Whether <paramref name="resultToken"/> is the one handed out when <paramref name="scan"/> completed.</summary>
    public static bool TokenMatches(ScanRow scan, string resultToken) =>
        scan.ResultTokenHash is { } hash && RespondentToken.Matches(resultToken, hash);

    public async Task<Outcome<ScanResultResponse>> ResultAsync(ScanRow scan, string language, CancellationToken cancellationToken)
    {
        if (scan.Status != ScanRow.Completed || scan.ScoresOf() is not { } scores)
        {
            return Outcome<ScanResultResponse>.Conflict($"The scan is {scan.Status}: a result exists only for a completed scan.");
        }

        var instrument = await store.GetAsync(scan.InstrumentKey, scan.InstrumentVersion, cancellationToken);
        var dimensions = instrument.Dimensions.ToDictionary(d => d.Key, StringComparer.Ordinal);
        var roles = instrument.Roles.ToDictionary(r => r.Key, StringComparer.Ordinal);
        string Name(string dimension) => dimensions.TryGetValue(dimension, out var d) ? d.Label.In(language) : dimension;

        var perDimension = scores.Overall.Select(d => new DimensionResultResponse(
            d.Dimension,
            Name(d.Dimension),
            d.Respondents,
            Math.Round(d.Mean, 4),
            Math.Round(d.Score, 2),
            Round(d.Spread),
            Round(d.Wanted),
            Round(d.Gap),
            scores.Roles
                .Select(r => (Role: r, Score: r.Dimensions.FirstOrDefault(x => x.Dimension == d.Dimension)))
                .Where(r => r.Score is not null)
                .Select(r => new RoleResultResponse(
                    r.Role.Role,
                    roles.TryGetValue(r.Role.Role, out var role) ? role.Label.In(language) : r.Role.Role,
                    r.Score!.Respondents,
                    Math.Round(r.Score.Mean, 4),
                    Math.Round(r.Score.Score, 2),
                    // The spread of a role only once that role has its minimum: fewer, and quartiles come close to single answers.
                    roles.TryGetValue(r.Role.Role, out var known) && r.Score.Respondents >= known.MinRespondents ? Round(r.Score.Spread) : null,
                    Round(r.Score.Wanted),
                    Round(r.Score.Gap)))
                .ToList())).ToList();

        var gaps = scores.Overall
            .Where(d => d.Gap is not null)
            .OrderByDescending(d => d.Gap)
            .ThenBy(d => d.Dimension, StringComparer.Ordinal)
            .Select((d, i) => new GapResponse(i + 1, d.Dimension, Name(d.Dimension), Math.Round(d.Mean, 4), Math.Round(d.Wanted!.Value, 4), Math.Round(d.Gap!.Value, 4)))
            .ToList();

        var zones = scores.Classifications
            .Select(c => (Result: c, Definition: instrument.Classifications.FirstOrDefault(x => x.Key == c.Classification)))
            .Where(c => c.Definition is not null)
            .Select(c =>
            {
                var zone = c.Definition!.Zones.First(z => z.Key == c.Result.Zone);
                return new ZoneResult(c.Result.Classification, c.Definition.Label.In(language), zone.Key, zone.Label.In(language), zone.Description?.In(language), Math.Round(c.Result.X, 4), Math.Round(c.Result.Y, 4));
            })
            .ToList();

        var teams = (await scans.CompletedOfPeriodAsync(scan.OrganisationId, scan.InstrumentKey, scan.InstrumentVersion, scan.Period, cancellationToken))
            .Select(t => new TeamResultResponse(t.Id, t.Team, t.ResponseCount, t.ToResponse().Scores ?? []))
            .ToList();

        return Outcome<ScanResultResponse>.Ok(new ScanResultResponse(
            scan.Id,
            scan.OrganisationId,
            new InstrumentReference(scan.InstrumentKey, scan.InstrumentVersion),
            language,
            instrument.Title.In(language),
            scan.Period,
            scan.Team,
            scan.CompletedAt!.Value,
            scan.ResponseCount,
            instrument.RatingMode,
            perDimension,
            gaps,
            zones,
            teams,
            await BenchmarkAsync(scan, instrument, cancellationToken)));
    }

    private async Task<BenchmarkResponse> BenchmarkAsync(ScanRow scan, Instrument instrument, CancellationToken cancellationToken)
    {
        if (!instrument.Benchmark)
        {
            return new BenchmarkResponse(BenchmarkResponse.NotApplicable, "This instrument is for the organisation's own conversation: it is never compared or aggregated.", null, null, []);
        }

        if (await organisations.FindAsync(scan.OrganisationId, cancellationToken) is not { } organisation)
        {
            return new BenchmarkResponse(BenchmarkResponse.Unavailable, "The organisation's sector is not known.", null, null, []);
        }

        var lookup = await benchmarks.FindAsync(scan.InstrumentKey, scan.Period, organisation.SbiVersion, organisation.SbiSection, cancellationToken);
        if (lookup.Body is not { } body)
        {
            return new BenchmarkResponse(BenchmarkResponse.Unavailable, lookup.Reason, organisation.SbiSection, organisation.SbiVersion, []);
        }

        var cells = body.Cells
            .Where(c => c.InstrumentVersion == scan.InstrumentVersion)
            .Select(c => c.Status == "published"
                ? new BenchmarkCellResponse(c.Dimension, c.Status, c.Organisations, c.Mean is { } m ? Math.Round(m, 4) : null, c.ConfidenceInterval)
                : new BenchmarkCellResponse(c.Dimension, "suppressed", null, null, null))
            .ToList();
        return new BenchmarkResponse(BenchmarkResponse.Available, cells.Count == 0 ? "The sector has no figures for this period yet." : null, organisation.SbiSection, organisation.SbiVersion, cells);
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 4) : null;

    private static Quartiles? Round(Quartiles? quartiles) =>
        quartiles is { } q ? new Quartiles(Math.Round(q.P25, 4), Math.Round(q.Median, 4), Math.Round(q.P75, 4)) : null;
}
