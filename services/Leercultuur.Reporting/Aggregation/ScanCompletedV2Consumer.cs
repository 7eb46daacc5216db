using Leercultuur.Contracts;
using Leercultuur.Messaging.Inbox;
using Leercultuur.Reporting.Indicators;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Leercultuur.Reporting.Aggregation;

/// <summary>
/// Adds a completed scan (version 2) to the aggregates, per team; it supersedes the same scan's version 1
/// fact, which arrives on its own queue while both versions are published (docs/events.md). The inbox row
/// and the aggregate update share one transaction.
/// </summary>
public sealed class ScanCompletedV2Consumer(Inbox<ReportingModule> inbox, AggregateRepository aggregates, IOptions<DisclosureOptions> disclosure) : IConsumer<ScanCompletedV2>
{
    public const string InboxName = "reporting.scan-completed-v2";

    public Task Consume(ConsumeContext<ScanCompletedV2> context) =>
        inbox.ProcessOnceAsync(
            context.MessageId ?? throw new InvalidOperationException("ScanCompletedV2 arrived without a message id."),
            InboxName,
            (connection, transaction) => aggregates.ApplyAsync(connection, transaction, context.Message, disclosure.Value.MinimumRespondentsPerOrganisation, context.CancellationToken),
            context.CancellationToken);
}

public sealed class ScanCompletedV2ConsumerDefinition : ConsumerDefinition<ScanCompletedV2Consumer>
{
    public ScanCompletedV2ConsumerDefinition()
    {
        EndpointName = "reporting-scan-completed-v2";

        // As for version 1: a few at a time keeps the database busy without lock storms.
        ConcurrentMessageLimit = 8;
    }
}
