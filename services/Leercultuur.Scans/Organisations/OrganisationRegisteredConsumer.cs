using Leercultuur.Contracts;
using Leercultuur.Messaging.Inbox;
using MassTransit;

namespace Leercultuur.Scans.Organisations;

/// <summary>Keeps the organisation replica current; the inbox makes a redelivery a no-op.</summary>
public sealed class OrganisationRegisteredConsumer(Inbox<ScansModule> inbox, OrganisationReplica replica) : IConsumer<OrganisationRegistered>
{
    public const string InboxName = "scans.organisation-registered";

    public Task Consume(ConsumeContext<OrganisationRegistered> context) =>
        inbox.ProcessOnceAsync(
            context.MessageId ?? throw new InvalidOperationException("OrganisationRegistered arrived without a message id."),
            InboxName,
            (connection, transaction) => replica.UpsertAsync(connection, transaction, context.Message, context.CancellationToken),
            context.CancellationToken);
}

public sealed class OrganisationRegisteredConsumerDefinition : ConsumerDefinition<OrganisationRegisteredConsumer>
{
    public OrganisationRegisteredConsumerDefinition()
    {
        // Prefixed with the service, so that in one broker (or the standalone host) every service has its own queue.
        EndpointName = "scans-organisation-registered";
        ConcurrentMessageLimit = 16;
    }
}
