using Dapper;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Reporting.Indicators;
using Leercultuur.ServiceDefaults.Hosting;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Leercultuur.Reporting.Metadata;

/// <summary>What reporting holds figures of, for clients that build queries (a dashboard, a programme's sync).</summary>
public static class MetadataApi
{
    public static IEndpointRouteBuilder MapMetadata(this IEndpointRouteBuilder endpoints, ApiDescriptor api)
    {
        var open = endpoints.ServiceProvider.GetRequiredService<IOptions<ReportingAccessOptions>>().Value.PublicIndicators;
        var instruments = endpoints.MapApiGroup(api, "instruments", "Metadata")
            .MapMethods("", ["GET", "HEAD"], Instruments)
            .WithName("ListReportedInstruments")
            .WithSummary("The instruments reporting has released figures of, per version with its dimensions.");
        var periods = endpoints.MapApiGroup(api, "periods", "Metadata")
            .MapMethods("", ["GET", "HEAD"], Periods)
            .WithName("ListReportedPeriods")
            .WithSummary("The quarters and years reporting has released figures of, and those with scans waiting for their first release (provisional: no figures yet).");
        foreach (var endpoint in new[] { instruments, periods })
        {
            if (open)
            {
                endpoint.AllowAnonymous();
            }
            else
            {
                endpoint.RequireAuthorization(Capabilities.IndicatorsReadNational);
            }
        }

        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<HeldInstrument>>> Instruments(
        Database<ReportingModule> database, Aggregation.InstrumentVersions versions, HttpContext context, CancellationToken cancellationToken)
    {
        List<HeldDimension> rows;
        List<Observations.ReleaseRecord> releases;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            rows = (await connection.QueryAsync<HeldDimension>(new CommandDefinition(new MetadataStatements().Instruments, cancellationToken: cancellationToken))).ToList();
            releases = (await connection.QueryAsync<Observations.ReleaseRecord>(new CommandDefinition(new Observations.ReleaseStatements(database.Dialect).AllReleases, cancellationToken: cancellationToken))).ToList();
        }

        // Rows are stored under each series' first version; every version released (pooled) lists the keys it has of them.
        var result = new List<HeldInstrument>();
        foreach (var instrument in rows.GroupBy(r => r.InstrumentKey, StringComparer.Ordinal))
        {
            var series = await versions.SeriesAsync(instrument.Key, cancellationToken);
            var held = instrument.Select(r => series.Root(r.InstrumentVersion, r.Dimension)).Distinct().ToList();
            var released = releases.Where(r => r.InstrumentKey == instrument.Key && r.Revision > 0).SelectMany(r => r.VersionList).Concat(held.Select(h => h.Version)).Distinct().Order();
            result.Add(new HeldInstrument(instrument.Key, released
                .Select(v => new HeldVersion(v, held.Where(h => series.Carries(v, h)).Select(h => series.KeyIn(v, h)).Distinct().Order(StringComparer.Ordinal).ToList()))
                .Where(v => v.Dimensions.Count > 0)
                .ToList()));
        }

        context.Response.Headers.CacheControl = "public, max-age=60";
        return TypedResults.Ok<IReadOnlyList<HeldInstrument>>(result);
    }

    private static async Task<Ok<IReadOnlyList<HeldPeriod>>> Periods(Database<ReportingModule> database, HttpContext context, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var statements = new MetadataStatements();
        var released = (await connection.QueryAsync<string>(new CommandDefinition(statements.ReleasedPeriods, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        var queued = await connection.QueryAsync<string>(new CommandDefinition(statements.QueuedPeriods, cancellationToken: cancellationToken));
        var periods = released.Union(queued, StringComparer.Ordinal)
            .Where(p => Period.TryParse(p, out _))
            .Select(p => Period.Parse(p))
            .Select(p =>
            {
                var start = p.Quarter is { } q ? new DateOnly(p.Year, ((q - 1) * 3) + 1, 1) : new DateOnly(p.Year, 1, 1);
                var end = p.Quarter is not null ? start.AddMonths(3).AddDays(-1) : new DateOnly(p.Year, 12, 31);
                return new HeldPeriod(p.ToString(), p.Quarter is null ? "year" : "quarter", start, end, !released.Contains(p.ToString()));
            })
            .OrderBy(p => p.Start)
            .ThenByDescending(p => p.Granularity, StringComparer.Ordinal) // a year before its first quarter
            .ToList();
        context.Response.Headers.CacheControl = "public, max-age=60";
        return TypedResults.Ok<IReadOnlyList<HeldPeriod>>(periods);
    }
}
