using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Messaging.Inbox;
using Leercultuur.Reporting.Indicators;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Leercultuur.Reporting.Aggregation;

/// <summary>
/// Takes completed scans (version 2) in batches: one transaction per batch, with the inbox row of every
/// message in it. A message seen before (in an earlier batch, or twice in this one) changes nothing.
/// The batch's cell changes are summed per cell and written once each, in cell-key order.
/// </summary>
public sealed class ScanCompletedBatchConsumer(
    Database<ReportingModule> database,
    Inbox<ReportingModule> inbox,
    AggregateRepository aggregates,
    InstrumentVersions versions,
    IOptions<DisclosureOptions> disclosure) : IConsumer<Batch<ScanCompletedV2>>
{
    /// <summary>The inbox name of ScanCompletedV2, whatever consumes it.</summary>
    public const string InboxName = "reporting.scan-completed-v2";

    public async Task Consume(ConsumeContext<Batch<ScanCompletedV2>> context)
    {
        // Organisations in one order in every batch: two batches at once never wait on each other's
        // organisation locks in a cycle.
        var messages = context.Message
            .OrderBy(m => m.Message.OrganisationId)
            .ThenBy(m => m.MessageId)
            .ToList();
        var minimum = disclosure.Value.MinimumRespondentsPerOrganisation;
        await versions.RecordAsync(messages.Where(m => m.Message.Benchmark).Select(m => m.Message), context.CancellationToken);
        await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                // Every organisation of the batch locked first, in one order, before any inbox row: two
                // batches never hold one's lock while waiting for the other's inbox key.
                await database.LockAllAsync(connection, transaction, messages.Select(m => AggregateRepository.OrganisationLock(m.Message.OrganisationId)).Distinct().ToList(), context.CancellationToken);

                // Their rows read once, changed in memory message by message, written once.
                var store = await BatchFactStore.LoadAsync(connection, transaction, messages.Select(m => m.Message.OrganisationId).Distinct().ToList(), context.CancellationToken);
                var ids = messages.Select(m => m.MessageId ?? throw new InvalidOperationException("ScanCompletedV2 arrived without a message id.")).ToList();
                var fresh = await inbox.TryRecordAsync(connection, transaction, ids, InboxName, context.CancellationToken);
                var deltas = new List<CellDelta>();
                foreach (var (message, id) in messages.Zip(ids))
                {
                    // A message twice in one batch is new the first time only.
                    if (fresh.Remove(id))
                    {
                        await aggregates.ApplyInBatchAsync(connection, transaction, store, message.Message, minimum, deltas, context.CancellationToken);
                    }
                    else
                    {
                        Leercultuur.Messaging.Outbox.OutboxTelemetry.Duplicates.Add(1, new KeyValuePair<string, object?>("consumer", InboxName));
                    }
                }

                await aggregates.FlushAsync(connection, transaction, store, context.CancellationToken);
                await aggregates.AddAllAsync(connection, transaction, deltas, context.CancellationToken);
                return true;
            },
            context.CancellationToken);
    }
}

public sealed class ScanCompletedBatchConsumerDefinition : ConsumerDefinition<ScanCompletedBatchConsumer>
{
    public const string QueueName = "reporting-scan-completed-v2";

    private readonly IngestOptions options;

    public ScanCompletedBatchConsumerDefinition(IOptions<IngestOptions> options)
    {
        this.options = options.Value;
        EndpointName = QueueName;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<ScanCompletedBatchConsumer> consumerConfigurator, IRegistrationContext context) =>
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(options.BatchSize)
            .SetTimeLimit(options.BatchTimeLimit)
            .SetConcurrencyLimit(options.ConcurrentBatches));
}
