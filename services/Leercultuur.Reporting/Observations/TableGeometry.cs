namespace Leercultuur.Reporting.Observations;

/// <summary>
/// Every cell the API can show for one period of one table family, and what it is the sum of. The base
/// cells ("atoms") are SBI 2025 section × size class × province; every other cell (a total over any of
/// the three, or an SBI 2008 section) is the sum of a set of atoms. Disclosure control reasons over this
/// one geometry, so every grouping, filter and SBI view is covered by one suppression pattern.
/// </summary>
public sealed class TableGeometry
{
    public static TableGeometry Instance { get; } = new(SbiCorrespondence.Instance);

    private readonly Dictionary<CellKey, int> byKey = [];
    private readonly Dictionary<(string Section, string Size, string Province), int> atomIndex = [];

    private TableGeometry(SbiCorrespondence sbi)
    {
        Sections = sbi.Sections2025.Select(s => s.Value).ToList();
        Sizes = ObservationCodes.SizeClasses.Select(s => s.Value).ToList();
        Provinces = ObservationCodes.Provinces.Select(p => p.Value).ToList();
        foreach (var section in Sections)
        {
            foreach (var size in Sizes)
            {
                foreach (var province in Provinces)
                {
                    atomIndex.Add((section, size, province), atomIndex.Count);
                }
            }
        }

        AtomCount = atomIndex.Count;

        var cells = new List<int[]>();
        var keys = new List<CellKey>();
        var byAtoms = new Dictionary<string, int>(StringComparer.Ordinal);
        var sectorCodes = new[] { SbiCorrespondence.Sbi2025, SbiCorrespondence.Sbi2008 }
            .SelectMany(view => sbi.Sections(view).Select(s => (View: view, Code: s.Value)))
            .Prepend((View: 0, Code: ObservationCodes.Total));
        // Each cell's atoms enumerated from its own sections, sizes and provinces rather than filtered out of
        // every atom: the geometry is built at start-up, and the filter made that half a second on two cores.
        foreach (var (view, sector) in sectorCodes)
        {
            var sections = sector == ObservationCodes.Total ? Sections : Sections.Where(s => sbi.InView(view, s) == sector).ToList();
            foreach (var size in Sizes.Prepend(ObservationCodes.Total))
            {
                IReadOnlyList<string> sizes = size == ObservationCodes.Total ? Sizes : [size];
                foreach (var province in Provinces.Prepend(ObservationCodes.Total))
                {
                    IReadOnlyList<string> provinces = province == ObservationCodes.Total ? Provinces : [province];
                    var atoms = new int[sections.Count * sizes.Count * provinces.Count];
                    var n = 0;
                    foreach (var s in sections)
                    {
                        foreach (var z in sizes)
                        {
                            foreach (var p in provinces)
                            {
                                atoms[n++] = atomIndex[(s, z, p)];
                            }
                        }
                    }

                    Array.Sort(atoms);
                    var key = new CellKey(view, sector, size, province);
                    var signature = string.Join(',', atoms);

                    // An SBI 2008 section that is one 2025 section under another letter is that very cell.
                    if (!byAtoms.TryGetValue(signature, out var index))
                    {
                        index = cells.Count;
                        cells.Add(atoms);
                        keys.Add(key);
                        byAtoms.Add(signature, index);
                    }

                    byKey.Add(key, index);
                }
            }
        }

        Atoms = cells;
        Keys = keys;
        Lines = BuildLines(sbi);
        KeysOf = byKey.GroupBy(k => k.Value).ToDictionary(g => g.Key, g => (IReadOnlyList<CellKey>)g.Select(k => k.Key).ToList());
        cellsOfAtom = atomIndex.OrderBy(a => a.Value).Select(a => CellsOfAtom(a.Key.Section, a.Key.Size, a.Key.Province)).ToArray();
    }

    private readonly int[][] cellsOfAtom;

    /// <summary>Per distinct cell, every key that shows it (a 2025 section and the 2008 section that is the same cell).</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<CellKey>> KeysOf { get; }

    public IReadOnlyList<string> Sections { get; }

    public IReadOnlyList<string> Sizes { get; }

    public IReadOnlyList<string> Provinces { get; }

    public int AtomCount { get; }

    /// <summary>Per distinct cell, the atoms it sums (sorted).</summary>
    public IReadOnlyList<int[]> Atoms { get; }

    /// <summary>Per distinct cell, the key it was first found under.</summary>
    public IReadOnlyList<CellKey> Keys { get; }

    public int CellCount => Atoms.Count;

    /// <summary>
    /// Every line: a total cell and the cells that add up to it exactly (along size, province, the 2025
    /// sectors, the 2008 sectors, and 2008 J over 2025 J and K).
    /// </summary>
    public IReadOnlyList<(int Total, int[] Parts)> Lines { get; }

    public int Cell(CellKey key) => byKey[key];

    public int Atom(string section2025, string size, string province) => atomIndex[(section2025, size, province)];

    public bool TryAtom(string section2025, string size, string province, out int atom) => atomIndex.TryGetValue((section2025, size, province), out atom);

    /// <summary>Every cell an atom is part of (12 keys, fewer distinct cells).</summary>
    public IReadOnlyList<int> CellsOf(string section2025, string size, string province) => cellsOfAtom[atomIndex[(section2025, size, province)]];

    private int[] CellsOfAtom(string section2025, string size, string province)
    {
        var result = new HashSet<int>();
        foreach (var view in new[] { SbiCorrespondence.Sbi2025, SbiCorrespondence.Sbi2008 })
        {
            var sector = SbiCorrespondence.Instance.InView(view, section2025);
            foreach (var s in new[] { sector, ObservationCodes.Total })
            {
                foreach (var z in new[] { size, ObservationCodes.Total })
                {
                    foreach (var p in new[] { province, ObservationCodes.Total })
                    {
                        result.Add(byKey[new CellKey(s == ObservationCodes.Total ? 0 : view, s, z, p)]);
                    }
                }
            }
        }

        return result.Order().ToArray();
    }

    private List<(int, int[])> BuildLines(SbiCorrespondence sbi)
    {
        var lines = new List<(int, int[])>();
        var sectorsByView = new[] { SbiCorrespondence.Sbi2025, SbiCorrespondence.Sbi2008 }
            .Select(view => (View: view, Codes: sbi.Sections(view).Select(s => s.Value).ToList()))
            .ToList();
        var allSectors = sectorsByView.SelectMany(v => v.Codes.Select(c => (v.View, Code: c))).Prepend((0, ObservationCodes.Total)).ToList();
        var sizes = Sizes.Prepend(ObservationCodes.Total).ToList();
        var provinces = Provinces.Prepend(ObservationCodes.Total).ToList();

        void Add(CellKey total, IEnumerable<CellKey> parts)
        {
            var partCells = parts.Select(Cell).Distinct().ToArray();
            var totalCell = Cell(total);
            if (partCells.Length > 1 || (partCells.Length == 1 && partCells[0] != totalCell))
            {
                lines.Add((totalCell, partCells));
            }
        }

        foreach (var (view, sector) in allSectors)
        {
            foreach (var province in provinces)
            {
                Add(new CellKey(view, sector, ObservationCodes.Total, province), Sizes.Select(z => new CellKey(view, sector, z, province)));
            }

            foreach (var size in sizes)
            {
                Add(new CellKey(view, sector, size, ObservationCodes.Total), Provinces.Select(p => new CellKey(view, sector, size, p)));
            }
        }

        foreach (var size in sizes)
        {
            foreach (var province in provinces)
            {
                foreach (var (view, codes) in sectorsByView)
                {
                    Add(new CellKey(0, ObservationCodes.Total, size, province), codes.Select(c => new CellKey(view, c, size, province)));
                }

                // A 2008 section over the 2025 sections it is made of.
                foreach (var code2008 in sbi.Sections2008.Select(s => s.Value))
                {
                    var parts = sbi.Sections2025.Where(s => sbi.In2008View(s.Value) == code2008).Select(s => new CellKey(SbiCorrespondence.Sbi2025, s.Value, size, province)).ToList();
                    if (parts.Count > 1)
                    {
                        Add(new CellKey(SbiCorrespondence.Sbi2008, code2008, size, province), parts);
                    }
                }
            }
        }

        return lines.Distinct(new LineComparer()).ToList();
    }

    private sealed class LineComparer : IEqualityComparer<(int Total, int[] Parts)>
    {
        public bool Equals((int Total, int[] Parts) x, (int Total, int[] Parts) y) => x.Total == y.Total && x.Parts.SequenceEqual(y.Parts);

        public int GetHashCode((int Total, int[] Parts) obj) => HashCode.Combine(obj.Total, obj.Parts.Length, obj.Parts.Length > 0 ? obj.Parts[0] : -1);
    }
}

/// <summary>A cell's codes: the SBI view (0 when the sector is the total), sector, size class and province, each possibly <c>_T</c>.</summary>
public readonly record struct CellKey(int View, string Sector, string Size, string Province);
