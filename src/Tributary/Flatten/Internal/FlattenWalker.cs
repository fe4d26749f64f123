using System.Text.Json;

namespace Tributary.Flatten.Internal;

/// <summary>
/// flatsplode on a <see cref="JsonElement"/>: explode the top-level lists as a Cartesian product (first list slowest),
/// flatten each combination, and start again on a combination that still holds a non-empty list. Buffers are kept
/// per recursion level and reused, so a record costs no allocation beyond its joined keys.
/// </summary>
internal sealed class FlattenWalker
{
    private readonly List<Level> _levels = [];
    private readonly KeyJoiner _keys = new();
    private FlattenOptions _options = FlattenOptions.Compat;
    private IFlatRowSink _sink = null!;
    private int _rows;

    public int Run(JsonElement record, FlattenOptions options, IFlatRowSink sink)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            throw new FlattenException(
                FlattenErrorKind.NotAnObject,
                $"A record must be a JSON object; this one is {Describe(record.ValueKind)}.");
        }

        _options = options;
        _sink = sink;
        _rows = 0;
        _keys.Separator = options.Separator;
        try
        {
            var top = GetLevel(0);
            top.ClearItem();
            var members = ObjectMembers.DeduplicateIfNeeded(record);
            if (members is null)
            {
                foreach (var member in record.EnumerateObject())
                {
                    top.AddItem(_keys.Intern(member), member.Value, 2);
                }
            }
            else
            {
                foreach (var (name, value) in members)
                {
                    top.AddItem(name, value, 2);
                }
            }

            Splode(top.ItemColumns, top.ItemDepths, 0);
            return _rows;
        }
        finally
        {
            _sink = null!;
        }
    }

    private void Splode(ReadOnlySpan<FlatColumn> item, ReadOnlySpan<int> depths, int levelIndex)
    {
        if (levelIndex >= _options.MaxDepth)
        {
            throw DepthExceeded();
        }

        var level = GetLevel(levelIndex);
        if (levelIndex > 0)
        {
            level.ClearItem();
            for (var i = 0; i < item.Length; i++)
            {
                level.AddItem(item[i].Name, item[i].Value, depths[i]);
            }
        }

        var lists = level.CollectLists(_options.KeepFalsyLists);
        var combinations = 1L;
        var multiValued = 0;
        foreach (var list in lists)
        {
            combinations *= list.Count;
            multiValued += list.Count > 1 ? 1 : 0;
            if (_rows + combinations > _options.MaxRowsPerRecord)
            {
                throw TooManyRows();
            }
        }

        if (multiValued > 1 && _options.RejectsListProducts)
        {
            throw new FlattenException(
                FlattenErrorKind.ListProduct,
                $"The record has sibling lists ({string.Join(", ", lists.Where(l => l.Count > 1).Select(l => $"'{level.ItemColumns[l.Position].Name}'"))}) " +
                "whose Cartesian product strict mode refuses.");
        }

        var odometer = level.Odometer(lists.Count);
        while (true)
        {
            for (var i = 0; i < lists.Count; i++)
            {
                level.Choose(lists[i], odometer[i]);
            }

            Flatten(level);
            if (level.HasNonEmptyList())
            {
                Splode(level.FlatColumns, level.FlatDepths, levelIndex + 1);
            }
            else
            {
                if (++_rows > _options.MaxRowsPerRecord)
                {
                    throw TooManyRows();
                }

                _sink.OnRow(level.FlatColumns);
            }

            // The last list varies fastest, as itertools.product does.
            var digit = lists.Count - 1;
            while (digit >= 0 && ++odometer[digit] == lists[digit].Count)
            {
                odometer[digit--] = 0;
            }

            if (digit < 0)
            {
                return;
            }
        }
    }

    private void Flatten(Level level)
    {
        level.ClearFlat();
        var columns = level.ItemColumns;
        var depths = level.ItemDepths;
        for (var i = 0; i < columns.Length; i++)
        {
            Add(level, columns[i].Name, columns[i].Value, depths[i]);
        }
    }

    private void Add(Level level, string key, JsonElement value, int depth)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            Put(level, key, value, depth);
            return;
        }

        // flatsplode recurses only into a dict for which any(dict) holds: one key at least must be non-empty.
        if (!JsonTruthiness.AnyTruthyKey(value))
        {
            Put(level, key, default, depth);
            return;
        }

        if (depth >= _options.MaxDepth)
        {
            throw DepthExceeded();
        }

        var members = ObjectMembers.DeduplicateIfNeeded(value);
        if (members is null)
        {
            foreach (var member in value.EnumerateObject())
            {
                Add(level, _keys.Join(key, member), member.Value, depth + 1);
            }
        }
        else
        {
            foreach (var (name, memberValue) in members)
            {
                Add(level, _keys.Join(key, name), memberValue, depth + 1);
            }
        }
    }

    private void Put(Level level, string key, JsonElement value, int depth)
    {
        if (!level.TryPut(key, value, depth))
        {
            if (_options.RejectKeyCollisions)
            {
                throw new FlattenException(
                    FlattenErrorKind.KeyCollision,
                    $"Two values flatten to the key '{key}'; strict mode refuses key collisions (compat mode keeps the last one).");
            }

            level.Overwrite(key, value, depth);
        }
    }

    private Level GetLevel(int index)
    {
        while (_levels.Count <= index)
        {
            _levels.Add(new Level());
        }

        return _levels[index];
    }

    private FlattenException TooManyRows() => new(
        FlattenErrorKind.TooManyRows,
        $"The record explodes into more than {_options.MaxRowsPerRecord} rows (the limit of rows per record).");

    private FlattenException DepthExceeded() => new(
        FlattenErrorKind.DepthExceeded,
        $"The record nests objects and arrays deeper than {_options.MaxDepth} levels (the depth limit).");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "empty",
    };
}
