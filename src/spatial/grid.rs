//! A uniform bucket grid over the cells' bounding boxes, for point
//! location: one bucket lookup instead of an R-tree descent, which matters
//! when a million points are located (SPEC §8). Each bucket lists the cells
//! whose box meets it, lowest code first, so the first cell that holds the
//! point is the answer.

use super::shapes::Shapes;

pub struct Grid {
    min: [f64; 2],
    /// Buckets per degree, per axis.
    scale: [f64; 2],
    size: [usize; 2],
    /// Bucket b's cells are `items[starts[b]..starts[b + 1]]`.
    starts: Vec<u32>,
    items: Vec<u32>,
}

/// Refuse to build a grid that would list more than this many entries per
/// cell on average (huge overlapping cells): the R-tree answers instead.
const MAX_ENTRIES_PER_CELL: usize = 32;

impl Grid {
    /// Build over the shapes; `rank[i]` orders cells by code. None when
    /// there is nothing to index or the cells are too uneven for a grid.
    pub fn new(shapes: &Shapes, rank: &[usize]) -> Option<Grid> {
        let extent = shapes.extent()?;
        let cells: Vec<usize> = shapes.polygons().map(|(i, _)| i).collect();
        let n = cells.len();
        if n == 0 || n >= u32::MAX as usize {
            return None;
        }
        let (w, h) = ((extent[2] - extent[0]).max(1e-9), (extent[3] - extent[1]).max(1e-9));
        // About one bucket per cell, square-ish buckets.
        let side = ((w * h) / n as f64).sqrt();
        let size = [
            ((w / side).ceil() as usize).clamp(1, 4096),
            ((h / side).ceil() as usize).clamp(1, 4096),
        ];
        let scale = [size[0] as f64 / w, size[1] as f64 / h];
        let mut grid = Grid {
            min: [extent[0], extent[1]],
            scale,
            size,
            starts: Vec::new(),
            items: Vec::new(),
        };

        let span = |g: &Grid, i: usize| {
            let b = shapes.cell(i).map(|c| c.bbox).unwrap_or(extent);
            let (x0, y0) = g.bucket(b[0], b[1]);
            let (x1, y1) = g.bucket(b[2], b[3]);
            (x0, y0, x1, y1)
        };
        let buckets = size[0] * size[1];
        let mut counts = vec![0u32; buckets + 1];
        let mut total = 0usize;
        for &i in &cells {
            let (x0, y0, x1, y1) = span(&grid, i);
            total += (x1 - x0 + 1) * (y1 - y0 + 1);
            if total > n * MAX_ENTRIES_PER_CELL + 1_000_000 {
                return None;
            }
            for y in y0..=y1 {
                for x in x0..=x1 {
                    counts[y * size[0] + x + 1] += 1;
                }
            }
        }
        for b in 0..buckets {
            counts[b + 1] += counts[b];
        }
        let mut next = counts.clone();
        let mut items = vec![0u32; total];
        let mut by_rank = cells;
        by_rank.sort_by_key(|&i| rank.get(i).copied().unwrap_or(usize::MAX));
        for i in by_rank {
            let (x0, y0, x1, y1) = span(&grid, i);
            for y in y0..=y1 {
                for x in x0..=x1 {
                    let slot = &mut next[y * size[0] + x];
                    items[*slot as usize] = i as u32;
                    *slot += 1;
                }
            }
        }
        grid.starts = counts;
        grid.items = items;
        Some(grid)
    }

    /// The bucket (column, row) of a point, clamped into the grid.
    fn bucket(&self, lon: f64, lat: f64) -> (usize, usize) {
        let x = ((lon - self.min[0]) * self.scale[0]).floor().max(0.0) as usize;
        let y = ((lat - self.min[1]) * self.scale[1]).floor().max(0.0) as usize;
        (x.min(self.size[0] - 1), y.min(self.size[1] - 1))
    }

    /// The cells whose box meets the point's bucket, lowest code first.
    /// Empty for a point outside the grid.
    pub fn candidates(&self, lon: f64, lat: f64) -> &[u32] {
        let x = (lon - self.min[0]) * self.scale[0];
        let y = (lat - self.min[1]) * self.scale[1];
        // A point on the far edge of the extent belongs to the last bucket.
        let (bx, by) = (self.size[0] as f64, self.size[1] as f64);
        if !(x >= 0.0 && y >= 0.0 && x <= bx && y <= by) {
            return &[];
        }
        let (x, y) = ((x as usize).min(self.size[0] - 1), (y as usize).min(self.size[1] - 1));
        let b = y * self.size[0] + x;
        match (self.starts.get(b), self.starts.get(b + 1)) {
            (Some(&s), Some(&e)) => self.items.get(s as usize..e as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}
