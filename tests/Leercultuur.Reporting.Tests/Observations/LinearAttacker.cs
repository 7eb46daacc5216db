namespace Leercultuur.Reporting.Tests.Observations;

/// <summary>
/// The attacker of the disclosure tests: every published cell is an equation (the sum of its unknowns is
/// known); a hidden cell is given away when its vector is a linear combination of published ones. Written
/// apart from the service's own check (doubles with partial pivoting here, exact modular arithmetic there),
/// so a mistake in one is not repeated in the other.
/// </summary>
internal sealed class LinearAttacker(int unknowns)
{
    private const double Epsilon = 1e-7;
    private readonly List<(int Pivot, double[] Row)> basis = [];

    public void Learn(IEnumerable<int> cell)
    {
        var row = Reduce(Vector(cell));
        var pivot = -1;
        for (var i = 0; i < unknowns; i++)
        {
            if (Math.Abs(row[i]) > Epsilon && (pivot < 0 || Math.Abs(row[i]) > Math.Abs(row[pivot])))
            {
                pivot = i;
            }
        }

        if (pivot < 0)
        {
            return;
        }

        var scale = row[pivot];
        for (var i = 0; i < unknowns; i++)
        {
            row[i] /= scale;
        }

        // Keep the basis reduced: the new pivot column is zero in every other row.
        foreach (var (_, other) in basis)
        {
            var factor = other[pivot];
            if (Math.Abs(factor) > Epsilon)
            {
                for (var i = 0; i < unknowns; i++)
                {
                    other[i] -= factor * row[i];
                }
            }
        }

        basis.Add((pivot, row));
    }

    /// <summary>Whether the sum over <paramref name="cell"/> follows from what was learnt.</summary>
    public bool Solves(IEnumerable<int> cell) => Reduce(Vector(cell)).All(v => Math.Abs(v) <= Epsilon);

    private double[] Vector(IEnumerable<int> cell)
    {
        var vector = new double[unknowns];
        foreach (var u in cell)
        {
            vector[u] += 1;
        }

        return vector;
    }

    private double[] Reduce(double[] vector)
    {
        foreach (var (pivot, row) in basis)
        {
            var factor = vector[pivot];
            if (Math.Abs(factor) > Epsilon)
            {
                for (var i = 0; i < unknowns; i++)
                {
                    vector[i] -= factor * row[i];
                }
            }
        }

        return vector;
    }
}
