using Leercultuur.Contracts;
using Leercultuur.Messaging.Inbox;
using MassTransit;

namespace Leercultuur.Reporting.Aggregation;

/// <summary>Takes an erased organisation out of every aggregate, through the inbox: a redelivery changes nothing.</summary>
public sealed class OrganisationErasedConsumer(Inbox<ReportingModule> inbox, AggregateRepository aggregates) : IConsumer<OrganisationErased>
{
    public const string InboxName = "reporting.organisation-erased";

    public Task Consume(ConsumeContext<OrganisationErased> context) =>
        inbox.ProcessOnceAsync(
            context.MessageId ?? throw new InvalidOperationException("OrganisationErased arrived without a message id."),
            InboxName,
            (connection, transaction) => aggregates.EraseAsync(connection, transaction, context.Message.OrganisationId, context.Message.ErasedAt, context.CancellationToken),
            context.CancellationToken);
}

public sealed class OrganisationErasedConsumerDefinition : ConsumerDefinition<OrganisationErasedConsumer>
{
    public OrganisationErasedConsumerDefinition() => EndpointName = "reporting-organisation-erased";
}
