namespace Leercultuur.Reporting.Observations;

/// <summary>
/// The linear span of a set of published cells, each the sum of a set of unknowns, and whether a hidden
/// cell lies in it: a hidden cell is derivable by adding and subtracting published ones exactly when its
/// vector is in their span. Exact arithmetic modulo two primes (no rounding): a hidden cell counts as
/// safe only when it lies outside the span modulo both.
/// </summary>
/// <remarks>
/// Over the rationals a vector in the span is also in it modulo a prime unless the prime divides every
/// maximal minor of the published cells' matrix; two unrelated primes of 61 and 30 bits would both have
/// to, for the same table. The reverse error (outside over the rationals, inside modulo p) only hides
/// more, which is safe.
/// </remarks>
public sealed class LinearSpan
{
    private static readonly ulong[] Primes = [2305843009213693951UL, 1000000007UL];

    private readonly int size;
    private readonly Basis[] bases;

    public LinearSpan(int size)
    {
        this.size = size;
        bases = Primes.Select(p => new Basis(size, p)).ToArray();
    }

    /// <summary>Adds a published cell: the sum of <paramref name="unknowns"/>.</summary>
    public void Add(IReadOnlyList<int> unknowns)
    {
        foreach (var basis in bases)
        {
            basis.Add(unknowns);
        }
    }

    /// <summary>Whether the sum of <paramref name="unknowns"/> follows from the published cells modulo either prime.</summary>
    public bool Determines(IReadOnlyList<int> unknowns) => bases.Any(b => b.Contains(unknowns));

    private sealed class Basis(int size, ulong prime)
    {
        // Rows in echelon form by their first column, each scaled so that entry is 1.
        private readonly (int[] Columns, ulong[] Values)?[] rows = new (int[], ulong[])?[size];
        private readonly ulong[] scratch = new ulong[size];

        public void Add(IReadOnlyList<int> unknowns)
        {
            var first = Reduce(unknowns);
            if (first < 0)
            {
                return;
            }

            var inverse = Inverse(scratch[first]);
            var columns = new List<int>();
            var values = new List<ulong>();
            for (var c = first; c < size; c++)
            {
                if (scratch[c] != 0)
                {
                    columns.Add(c);
                    values.Add(Multiply(scratch[c], inverse));
                    scratch[c] = 0;
                }
            }

            rows[first] = (columns.ToArray(), values.ToArray());
        }

        public bool Contains(IReadOnlyList<int> unknowns)
        {
            var first = Reduce(unknowns);
            if (first < 0)
            {
                return true;
            }

            Array.Clear(scratch);
            return false;
        }

        // Reduces the vector into scratch; returns its first non-zero column, or -1 when it reduced to zero.
        private int Reduce(IReadOnlyList<int> unknowns)
        {
            var lowest = size;
            foreach (var u in unknowns)
            {
                scratch[u] = (scratch[u] + 1) % prime;
                lowest = Math.Min(lowest, u);
            }

            for (var c = lowest; c < size; c++)
            {
                var factor = scratch[c];
                if (factor == 0)
                {
                    continue;
                }

                if (rows[c] is not { } row)
                {
                    return c;
                }

                for (var i = 0; i < row.Columns.Length; i++)
                {
                    var column = row.Columns[i];
                    scratch[column] = Subtract(scratch[column], Multiply(factor, row.Values[i]));
                }
            }

            return -1;
        }

        private ulong Multiply(ulong a, ulong b) => (ulong)((UInt128)a * b % prime);

        private ulong Subtract(ulong a, ulong b) => a >= b ? a - b : a + prime - b;

        private ulong Inverse(ulong a)
        {
            // Fermat: a^(p-2) mod p.
            ulong result = 1;
            var exponent = prime - 2;
            var b = a;
            while (exponent > 0)
            {
                if ((exponent & 1) == 1)
                {
                    result = Multiply(result, b);
                }

                b = Multiply(b, b);
                exponent >>= 1;
            }

            return result;
        }
    }
}
