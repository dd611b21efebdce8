//! Parallel work whose results are used in input order, with few of them held at a time.

use std::sync::mpsc;

use rayon::prelude::*;

/// Runs `work` on every item (with its index) on the rayon pool, a batch of `batch` items
/// at a time, and hands the results to `each` in input order on the calling thread.
///
/// The next batch is worked on while `each` uses the last one, so that writing output
/// does not stall the workers; at most three batches of results exist at once (one being
/// made, one waiting, one being used). A panic in `work` ends the run and is re-raised.
pub fn for_each_ordered<T, R>(
    items: &[T],
    batch: usize,
    work: impl Fn(usize, &T) -> R + Sync,
    mut each: impl FnMut(R),
) where
    T: Sync,
    R: Send,
{
    let work = &work;
    let (sender, receiver) = mpsc::sync_channel::<Vec<R>>(1);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            for (n, chunk) in items.chunks(batch.max(1)).enumerate() {
                let first = n * batch.max(1);
                let results: Vec<R> = chunk
                    .par_iter()
                    .enumerate()
                    .map(|(i, item)| work(first + i, item))
                    .collect();
                if sender.send(results).is_err() {
                    // The receiving side is gone (it panicked): stop working.
                    return;
                }
            }
        });
        for results in receiver {
            results.into_iter().for_each(&mut each);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::for_each_ordered;

    #[test]
    fn results_come_in_input_order() {
        let items: Vec<usize> = (0..1000).collect();
        for batch in [1, 7, 256, 5000] {
            let mut seen = Vec::new();
            for_each_ordered(&items, batch, |i, &x| (i, x * 2), |r| seen.push(r));
            let want: Vec<(usize, usize)> = items.iter().map(|&x| (x, x * 2)).collect();
            assert_eq!(seen, want, "batch {batch}");
        }
    }

    #[test]
    fn no_items_no_results() {
        let mut called = false;
        for_each_ordered(&[] as &[u8], 16, |_, _| (), |_| called = true);
        assert!(!called);
    }
}
