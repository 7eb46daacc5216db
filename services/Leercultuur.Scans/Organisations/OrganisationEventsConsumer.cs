using Leercultuur.Contracts;
using Leercultuur.Messaging.Inbox;
using MassTransit;

namespace Leercultuur.Scans.Organisations;

/// <summary>
/// Keeps the organisation replica current from every organisation event, on one queue; the inbox makes
/// a redelivery a no-op, the version makes an older event a no-op, and an erasure removes what this
/// service holds of the organisation.
/// </summary>
public sealed class OrganisationEventsConsumer(Inbox<ScansModule> inbox, OrganisationReplica replica) :
    IConsumer<OrganisationRegistered>,
    IConsumer<OrganisationProfileChanged>,
    IConsumer<ProgrammeMembershipChanged>,
    IConsumer<OrganisationErased>
{
    public const string InboxName = "scans.organisations";

    public Task Consume(ConsumeContext<OrganisationRegistered> context) => ApplyAsync(context, OrganisationState.Of(context.Message));

    public Task Consume(ConsumeContext<OrganisationProfileChanged> context) => ApplyAsync(context, OrganisationState.Of(context.Message));

    public Task Consume(ConsumeContext<ProgrammeMembershipChanged> context) => ApplyAsync(context, OrganisationState.Of(context.Message));

    public Task Consume(ConsumeContext<OrganisationErased> context) =>
        inbox.ProcessOnceAsync(
            MessageId(context),
            InboxName,
            (connection, transaction) => replica.EraseAsync(connection, transaction, context.Message.OrganisationId, context.Message.ErasedAt, context.CancellationToken),
            context.CancellationToken);

    private Task ApplyAsync(ConsumeContext context, OrganisationState state) =>
        inbox.ProcessOnceAsync(
            MessageId(context),
            InboxName,
            (connection, transaction) => replica.ApplyAsync(connection, transaction, state, context.CancellationToken),
            context.CancellationToken);

    private static Guid MessageId(ConsumeContext context) =>
        context.MessageId ?? throw new InvalidOperationException("An organisation event arrived without a message id.");
}

public sealed class OrganisationEventsConsumerDefinition : ConsumerDefinition<OrganisationEventsConsumer>
{
    public OrganisationEventsConsumerDefinition()
    {
        // Prefixed with the service, so that in one broker (or the standalone host) every service has its own queue.
        EndpointName = "scans-organisations";
        ConcurrentMessageLimit = 16;
    }
}
