using Leercultuur.Contracts;
using Leercultuur.Messaging.Inbox;
using MassTransit;

namespace Leercultuur.Reporting.Aggregation;

/// <summary>Takes a withdrawn scan out of every cell it counted in, through the inbox: a redelivery changes nothing.</summary>
public sealed class ScanWithdrawnConsumer(Inbox<ReportingModule> inbox, AggregateRepository aggregates, Microsoft.Extensions.Options.IOptions<Indicators.DisclosureOptions> disclosure) : IConsumer<ScanWithdrawn>
{
    public const string InboxName = "reporting.scan-withdrawn";

    public Task Consume(ConsumeContext<ScanWithdrawn> context) =>
        inbox.ProcessOnceAsync(
            context.MessageId ?? throw new InvalidOperationException("ScanWithdrawn arrived without a message id."),
            InboxName,
            (connection, transaction) => aggregates.WithdrawAsync(connection, transaction, context.Message, disclosure.Value.MinimumRespondentsPerOrganisation, context.CancellationToken),
            context.CancellationToken);
}

public sealed class ScanWithdrawnConsumerDefinition : ConsumerDefinition<ScanWithdrawnConsumer>
{
    public ScanWithdrawnConsumerDefinition() => EndpointName = "reporting-scan-withdrawn";
}
