namespace Leercultuur.Contracts;

/// <summary>
/// An organisation was erased (AVG right to be forgotten; version 1). Every service removes what it holds
/// of it, and ignores any later event about it: an erased organisation is never brought back.
/// </summary>
public sealed record OrganisationErased
{
    public Guid OrganisationId { get; init; }

    public DateTimeOffset ErasedAt { get; init; }
}
