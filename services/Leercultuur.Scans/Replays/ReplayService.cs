using System.Text.Json;
using Dapper;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Messaging;
using Leercultuur.Messaging.Outbox;
using Leercultuur.Scans.Instruments;
using Leercultuur.Scans.Organisations;
using Leercultuur.Scans.Scanning;

namespace Leercultuur.Scans.Replays;

/// <summary>
/// Publishes completed scans again as <see cref="ScanCompletedV2"/>, a page at a time, so a fresh reporting
/// database can be filled. Safe to repeat: reporting's inbox and its fact per scan make a scan it already
/// holds change nothing. Withdrawn scans are not replayed (they count nowhere).
/// </summary>
public sealed class ReplayService(Database<ScansModule> database, ScanRepository scans, OrganisationReplica organisations, InstrumentStore store, Outbox<ScansModule> outbox)
{
    private readonly ReplayStatements statements = new(database.Dialect);

    public async Task<ReplayResponse> ReplayAsync(ReplayRequest request, CancellationToken cancellationToken)
    {
        var limit = request.Limit ?? ReplayRequest.DefaultLimit;
        var published = await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                var ids = (await connection.QueryAsync<Guid>(new CommandDefinition(
                    request.After is null ? statements.CompletedFromStart : statements.CompletedAfter,
                    new { after = request.After, offset = 0, limit },
                    transaction,
                    cancellationToken: cancellationToken))).ToList();
                var queued = 0;
                foreach (var id in ids)
                {
                    var stored = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(statements.CompletedEvent, new { id }, transaction, cancellationToken: cancellationToken));
                    var message = stored is not null
                        ? await WithComparabilityAsync(JsonSerializer.Deserialize<ScanCompletedV2>(stored, MessageJson.Options)!, cancellationToken)
                        : await RebuildAsync(connection, transaction, id, cancellationToken);
                    if (message is not null)
                    {
                        await outbox.EnqueueAsync(connection, transaction, message, cancellationToken);
                        queued++;
                    }
                }

                return (ids, queued);
            },
            cancellationToken);

        outbox.WakeRelay();
        return new ReplayResponse(published.queued, published.ids.Count == limit ? published.ids[^1] : null);
    }

    // An event kept before it carried comparableTo is sent as it was, with the version's declaration added:
    // a fresh reporting database then links the versions for the old scans too.
    private async Task<ScanCompletedV2> WithComparabilityAsync(ScanCompletedV2 message, CancellationToken cancellationToken)
    {
        if (message.ComparableTo is not null)
        {
            return message;
        }

        var instrument = await store.GetAsync(message.InstrumentKey, message.InstrumentVersion, cancellationToken);
        return instrument.ComparableTo is { } earlier
            ? message with { ComparableTo = new VersionComparability { Version = earlier.Version, Dimensions = earlier.Dimensions.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal) } }
            : message;
    }

    // A scan completed before its event was kept: rebuilt from its scores and the organisation as the replica holds it now.
    private async Task<ScanCompletedV2?> RebuildAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, Guid id, CancellationToken cancellationToken)
    {
        var scan = await scans.FindAsync(connection, transaction, id, cancellationToken);
        if (scan?.ScoresOf() is not { } scores || await organisations.FindAsync(connection, transaction, scan.OrganisationId, cancellationToken) is not { } organisation)
        {
            return null;
        }

        var instrument = await store.GetAsync(scan.InstrumentKey, scan.InstrumentVersion, cancellationToken);
        // Scores from before roles kept no respondent counts: the scan's own count stands for them, so the
        // organisation counts as it did (reporting weighs a dimension without a count by the scan's).
        var counted = scores.Respondents > 0 ? scores : scores with { Respondents = scan.ResponseCount };
        return ScanEvents.Completed(scan, instrument, organisation, counted, scan.CompletedAt!.Value).V2;
    }
}
