namespace Leercultuur.Reporting.Observations;

/// <summary>
/// One table of a release: a dimension over all respondents (<see cref="Role"/> is <c>_T</c>) or over the
/// respondents of one role. Each is a table family of its own, protected on its own and beside the
/// all-respondents table it is part of (docs/disclosure-control.md, "Roles").
/// </summary>
public readonly record struct TableKey(string Dimension, string Role)
{
    public static TableKey AllRoles(string dimension) => new(dimension, ObservationCodes.Total);

    public bool IsRole => Role != ObservationCodes.Total;

    public override string ToString() => IsRole ? $"{Dimension} ({Role})" : Dimension;
}
