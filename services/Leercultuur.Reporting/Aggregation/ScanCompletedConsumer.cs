using Leercultuur.Contracts;
using Leercultuur.Messaging.Inbox;
using Leercultuur.Reporting.Indicators;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Leercultuur.Reporting.Aggregation;

/// <summary>
/// Adds a completed scan to the aggregates. The inbox row and the aggregate update share one
/// transaction: a redelivered message finds its inbox row and changes nothing.
/// </summary>
public sealed class ScanCompletedConsumer(Inbox<ReportingModule> inbox, AggregateRepository aggregates, IOptions<DisclosureOptions> disclosure) : IConsumer<ScanCompleted>
{
    public const string InboxName = "reporting.scan-completed";

    public Task Consume(ConsumeContext<ScanCompleted> context) =>
        inbox.ProcessOnceAsync(
            context.MessageId ?? throw new InvalidOperationException("ScanCompleted arrived without a message id."),
            InboxName,
            (connection, transaction) => aggregates.ApplyAsync(connection, transaction, context.Message, disclosure.Value.MinimumRespondentsPerOrganisation, context.CancellationToken),
            context.CancellationToken);
}

public sealed class ScanCompletedConsumerDefinition : ConsumerDefinition<ScanCompletedConsumer>
{
    public ScanCompletedConsumerDefinition()
    {
        EndpointName = "reporting-scan-completed";

        // Concurrent scans of one cell contend on its row; a few at a time keeps the database busy without lock storms.
        ConcurrentMessageLimit = 8;
    }
}
