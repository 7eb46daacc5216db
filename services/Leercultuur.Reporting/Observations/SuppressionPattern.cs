namespace Leercultuur.Reporting.Observations;

/// <summary>One cell of a table system as disclosure control sees it.</summary>
/// <param name="Unknowns">The base values it is the sum of.</param>
/// <param name="Organisations">How many organisations it holds (the cheapest cells are hidden first).</param>
/// <param name="Primary">Why it may not be shown on its own (too few organisations, dominance, …), or null.</param>
/// <param name="Fixed">Its status was settled by an earlier release (a quarter when its year is released): it cannot change now.</param>
/// <param name="Respondents">Its respondents, and <paramref name="Largest"/> the largest organisation's: the dominance rule for what a line gives away.</param>
public sealed record SystemCell(int[] Unknowns, long Organisations, string? Primary, bool Fixed = false, long Respondents = 0, long Largest = 0);

/// <summary>
/// Secondary suppression over a whole table system: every cell the API can show for a table family,
/// in every grouping and SBI view and, for a year, with its quarters. First the line rule (no line of
/// cells that adds up to a total may have exactly one hidden member), then an exact check: every hidden
/// cell must lie outside the linear span of the shown ones, else the cheapest shown cell that touches it
/// is hidden too, until none is derivable.
/// </summary>
public static class SuppressionPattern
{
    public const string MinimumOrganisations = "minimumOrganisations";
    public const string Dominance = "dominance";
    public const string ProgrammeComplement = "programmeComplement";
    public const string Secondary = "secondary";

    /// <summary>A role's cell beside its all-respondents cell: the organisations without the role are fewer than k.</summary>
    public const string RoleComplement = "roleComplement";

    /// <summary>Every reason a cell can be suppressed for, for the documents' enums.</summary>
    public static IReadOnlyList<string> Reasons { get; } = [MinimumOrganisations, Dominance, ProgrammeComplement, RoleComplement, Secondary];

    /// <summary>The primary reason a cell may not be shown, or null.</summary>
    public static string? Primary(long organisations, long respondents, long largestRespondents, int minimumOrganisations, double dominanceShare) =>
        organisations < minimumOrganisations ? MinimumOrganisations
        : respondents > 0 && largestRespondents > dominanceShare * respondents ? Dominance
        : null;

    /// <summary>The reason per cell (null: shown), or null when fixed cells leave no way to protect a hidden one.</summary>
    public static string?[]? Protect(IReadOnlyList<SystemCell> cells, IReadOnlyList<(int Total, int[] Parts)> lines, int unknownCount, int minimumOrganisations, double dominanceShare, IReadOnlySet<int>? fixedHidden = null)
    {
        var reasons = new string?[cells.Count];
        for (var i = 0; i < cells.Count; i++)
        {
            reasons[i] = cells[i].Fixed ? (fixedHidden?.Contains(i) == true ? "fixed" : null) : cells[i].Primary;
        }

        var touching = new List<int>[unknownCount];
        for (var i = 0; i < cells.Count; i++)
        {
            foreach (var u in cells[i].Unknowns)
            {
                (touching[u] ??= []).Add(i);
            }
        }

        // What earlier releases already give away (a year's cell that is the sum of its published quarters):
        // not a secret any more, so not a target, and known to anyone, so part of every span.
        var known = new LinearSpan(unknownCount);
        foreach (var i in Enumerable.Range(0, cells.Count).Where(i => cells[i].Fixed && reasons[i] is null))
        {
            known.Add(cells[i].Unknowns);
        }

        var givenAway = Enumerable.Range(0, cells.Count).Where(i => reasons[i] is not null && known.Determines(cells[i].Unknowns)).ToHashSet();

        while (true)
        {
            ApplyLineRule(cells, lines, reasons, givenAway, minimumOrganisations, dominanceShare);
            var span = new LinearSpan(unknownCount);
            for (var i = 0; i < cells.Count; i++)
            {
                if (reasons[i] is null || givenAway.Contains(i))
                {
                    span.Add(cells[i].Unknowns);
                }
            }

            var derivable = Enumerable.Range(0, cells.Count)
                .Where(i => reasons[i] is not null && !givenAway.Contains(i) && span.Determines(cells[i].Unknowns))
                .ToList();
            if (derivable.Count == 0)
            {
                return reasons;
            }

            var progress = false;
            foreach (var target in derivable)
            {
                var candidate = cells[target].Unknowns
                    .SelectMany(u => touching[u])
                    .Distinct()
                    .Where(i => reasons[i] is null && !cells[i].Fixed)
                    .OrderBy(i => cells[i].Organisations)
                    .ThenBy(i => i)
                    .Select(i => (int?)i)
                    .FirstOrDefault();
                // A derivation can run through cells that share no base cell with the target: then the cheapest
                // shown cell of all goes; with none left, no pattern protects it.
                candidate ??= Enumerable.Range(0, cells.Count)
                    .Where(i => reasons[i] is null && !cells[i].Fixed)
                    .OrderBy(i => cells[i].Organisations)
                    .ThenBy(i => i)
                    .Select(i => (int?)i)
                    .FirstOrDefault();
                if (candidate is not null)
                {
                    reasons[candidate.Value] = Secondary;
                    progress = true;
                }
            }

            if (!progress)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// The line rule. A line with exactly one hidden cell gives it away as total minus the rest. And where
    /// the total is shown, total minus the shown members is the sum of the hidden ones: that sum must hold
    /// no organisation, or at least k of which none dominates, or it describes those few (whichever hidden cell they are in, a
    /// programme that knows where its member is reads its figure). Either way the cheapest shown member is
    /// hidden too (the total, when no member is left), until every line holds.
    /// </summary>
    private static void ApplyLineRule(IReadOnlyList<SystemCell> cells, IReadOnlyList<(int Total, int[] Parts)> lines, string?[] reasons, IReadOnlySet<int> givenAway, int minimumOrganisations, double dominanceShare)
    {
        bool Hidden(int i) => reasons[i] is not null && !givenAway.Contains(i);
        bool changed;
        do
        {
            changed = false;
            foreach (var (total, parts) in lines)
            {
                var hidden = Hidden(total) ? 1 : 0;
                long hiddenOrganisations = 0, hiddenRespondents = 0, hiddenLargest = 0;
                var cheapest = -1;
                foreach (var i in parts)
                {
                    if (Hidden(i))
                    {
                        hidden++;
                        hiddenOrganisations += cells[i].Organisations;
                        hiddenRespondents += cells[i].Respondents;
                        hiddenLargest = Math.Max(hiddenLargest, cells[i].Largest);
                    }
                    else if (reasons[i] is null && !cells[i].Fixed && (cheapest < 0 || cells[i].Organisations < cells[cheapest].Organisations))
                    {
                        cheapest = i;
                    }
                }

                var lone = hidden == 1;
                // The hidden remainder of a shown total is a figure too: at least k organisations, none dominant.
                var few = !Hidden(total) && hiddenOrganisations > 0
                    && (hiddenOrganisations < minimumOrganisations || hiddenLargest > dominanceShare * hiddenRespondents);
                if (!lone && !few)
                {
                    continue;
                }

                if (cheapest < 0 && reasons[total] is null && !cells[total].Fixed)
                {
                    cheapest = total;
                }

                if (cheapest >= 0)
                {
                    reasons[cheapest] = Secondary;
                    changed = true;
                }
            }
        }
        while (changed);
    }
}
