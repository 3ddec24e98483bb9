//! Train the PER/LOC/ORG tagger and write its model file.
//!
//! ```sh
//! cargo run --release --example train_tagger -- \
//!     /work/shared/data/ner/msra/train.bio models/ner/model.bin
//! ```
//!
//! Every 10th block of 1000 consecutive sentences of the training file
//! (sentences 9000–9999, 19000–19999, …, counted from 0) is held out as a
//! dev set and scored after each epoch (whole blocks: an article's
//! sentences share names, and a sentence held out among its neighbours
//! would be scored on names it was trained on). `--full` then trains the
//! written model on all sentences with the same options. `--test FILE`
//! scores the written model on a test file, once, for the record (never
//! tune on it).
//!
//! Options (defaults in brackets, see `TrainOptions`): `--epochs N` [24],
//! `--min-count N` [2], `--min-weight N` [0], `--c2 X` [0.3], `--eta0 X`
//! [0.03], `--perceptron`, `--window N` [2], `--ngram N` [3], `--skip`,
//! `--no-lexicon`, `--no-jieba`, `--no-surname-ngrams`, `--seed N`,
//! `--dev-every N` [10], `--dev-block N` [1000], `--no-dev`; for looking at
//! the dev set: `--errors N` (dev sentences with a PER error), `--sweep
//! A,B,…` (dev F1 and size of the model pruned at each minimum weight),
//! `--eval` (no training: score the model file OUT.bin on dev, and on
//! `--test`). Dev and test are scored line by line, and as pages of 50
//! sentences (as `ner_bench.py` writes them) with each page's people
//! spread as `govgraph tag` does (`tagger::agree`).

use govgraph::resources::Resources;
use govgraph::tagger::train::{self, Counts, Sentence, TrainOptions};
use govgraph::tagger::Tagger;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    if let Err(e) = run() {
        eprintln!("train_tagger: {e}");
        std::process::exit(2);
    }
}

fn table(c: &Counts) -> String {
    let mut out = String::new();
    for (name, t) in [
        ("PER", Some(0)),
        ("LOC", Some(1)),
        ("ORG", Some(2)),
        ("micro", None),
    ] {
        let (p, r, f) = c.prf(t);
        out.push_str(&format!("  {name:<5} P {p:.4} R {r:.4} F1 {f:.4}\n"));
    }
    out
}

/// Print up to `n` dev sentences with a PER error, gold and predicted
/// entities marked (a look at what the model misses, on dev data only).
fn show_errors(tagger: &Tagger, res: &Resources, dev: &[Sentence], n: usize) {
    use govgraph::tagger::decode::spans_of;
    let mark = |text: &str, spans: &[(usize, usize, u8)]| -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::new();
        for (i, c) in chars.iter().enumerate() {
            for s in spans.iter().filter(|s| s.0 == i) {
                out.push_str(["[P ", "[L ", "[O "][usize::from(s.2)]);
            }
            out.push(*c);
            for _ in spans.iter().filter(|s| s.1 == i + 1) {
                out.push(']');
            }
        }
        out
    };
    let mut pred = Vec::new();
    let mut shown = 0;
    for s in dev {
        tagger.tag_ids(res, &s.text, &mut pred);
        let g = spans_of(&s.tags);
        let p = spans_of(&pred);
        let per_err = g.iter().filter(|x| x.2 == 0).any(|x| !p.contains(x))
            || p.iter().filter(|x| x.2 == 0).any(|x| !g.contains(x));
        if per_err {
            println!(
                "gold {}
pred {}
",
                mark(&s.text, &g),
                mark(&s.text, &p)
            );
            shown += 1;
            if shown >= n {
                break;
            }
        }
    }
}

fn read(path: &PathBuf) -> Result<Vec<Sentence>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    train::read_bio(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut pos = Vec::new();
    let mut opts = TrainOptions::default();
    let (mut dev_every, mut dev_block, mut full, mut test) = (10usize, 1000usize, false, None);
    let mut errors = 0usize;
    let mut eval_only = false;
    let mut sweep: Vec<i32> = Vec::new();
    while let Some(a) = args.next() {
        let mut num = |name: &str| -> Result<u64, String> {
            args.next()
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("{name} needs a number"))
        };
        match a.as_str() {
            "--epochs" => opts.epochs = num(&a)? as usize,
            "--min-count" => opts.min_count = num(&a)? as u32,
            "--min-weight" => opts.min_weight = num(&a)? as i16,
            "--window" => opts.config.window = num(&a)? as u8,
            "--ngram" => opts.config.max_ngram = num(&a)? as u8,
            "--seed" => opts.seed = num(&a)?,
            "--dev-every" => dev_every = num(&a)? as usize,
            "--dev-block" => dev_block = (num(&a)? as usize).max(1),
            "--no-dev" => dev_every = 0,
            "--skip" => opts.config.skip_bigram = true,
            "--no-jieba" => opts.config.jieba = false,
            "--perceptron" => opts.algorithm = train::Algorithm::Perceptron,
            "--no-lexicon" => opts.config.lexicon = false,
            "--jieba" => opts.config.jieba = true,
            "--no-surname-ngrams" => opts.config.surname_ngrams = false,
            "--full" => full = true,
            "--eval" => eval_only = true,
            "--sweep" => {
                sweep = args
                    .next()
                    .ok_or("--sweep needs a list")?
                    .split(',')
                    .map(|x| x.parse::<i32>().map_err(|e| format!("--sweep: {e}")))
                    .collect::<Result<_, _>>()?
            }
            "--c2" | "--eta0" => {
                let x: f64 = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| format!("{a} needs a number"))?;
                if let train::Algorithm::Crf { c2, eta0 } = &mut opts.algorithm {
                    if a == "--c2" {
                        *c2 = x
                    } else {
                        *eta0 = x
                    }
                } else {
                    return Err(format!("{a} is an option of the CRF"));
                }
            }
            "--errors" => errors = num(&a)? as usize,
            "--test" => test = Some(PathBuf::from(args.next().ok_or("--test needs a file")?)),
            _ if a.starts_with("--") => return Err(format!("unknown option {a}")),
            _ => pos.push(PathBuf::from(a)),
        }
    }
    let [input, output] = pos.as_slice() else {
        return Err("usage: train_tagger TRAIN.bio OUT.bin [options]".into());
    };
    opts.config.check()?;
    let t0 = Instant::now();
    let res = Resources::builtin().map_err(|e| e.to_string())?;
    let all = read(input)?;
    let (mut fit, mut dev) = (Vec::new(), Vec::new());
    for (i, s) in all.iter().enumerate() {
        // Whole blocks of consecutive sentences (an article's sentences
        // share names: a held-out sentence among its neighbours would be
        // scored on names it was trained on).
        if dev_every > 0 && (i / dev_block) % dev_every == dev_every - 1 {
            dev.push(s.clone());
        } else {
            fit.push(s.clone());
        }
    }
    eprintln!(
        "{} sentences: {} to train, {} dev (every {dev_every}th block of {dev_block}); {:?}",
        all.len(),
        fit.len(),
        dev.len(),
        opts
    );
    if eval_only {
        // Score the model file OUT.bin on dev and (with --test) test only.
        let bytes = std::fs::read(output).map_err(|e| format!("{}: {e}", output.display()))?;
        let model = govgraph::tagger::model::Model::from_bytes(&bytes)?;
        let tagger = Tagger::from_model(model, &res);
        let mut sets = vec![("dev", dev.clone())];
        if let Some(test) = &test {
            sets.push(("test", read(test)?));
        }
        for (name, set) in sets {
            println!(
                "{name}:\n{}{name} as pages of 50, people spread:\n{}",
                table(&train::evaluate(&tagger, &res, &set)),
                table(&train::evaluate_pages(&tagger, &res, &set, 50))
            );
        }
        return Ok(());
    }
    let mut model = train::train(&res, &fit, &opts, |r, averaged| {
        let mut line = format!(
            "epoch {:>2}: loss {}; {:.0} s",
            r.epoch,
            r.loss,
            t0.elapsed().as_secs_f64()
        );
        if !dev.is_empty() {
            let tagger = Tagger::from_model(averaged(), &res);
            let c = train::evaluate(&tagger, &res, &dev);
            let f = |t| c.prf(t).2;
            line.push_str(&format!(
                "; dev F1 {:.4} (PER {:.4} LOC {:.4} ORG {:.4})",
                f(None),
                f(Some(0)),
                f(Some(1)),
                f(Some(2))
            ));
        }
        eprintln!("{line}");
    });
    if !dev.is_empty() {
        let tagger = Tagger::from_model(model.clone(), &res);
        println!(
            "dev ({} sentences), model trained without them:\n{}",
            dev.len(),
            table(&train::evaluate(&tagger, &res, &dev))
        );
        println!(
            "dev as pages of 50 sentences, people spread in each page:\n{}",
            table(&train::evaluate_pages(&tagger, &res, &dev, 50))
        );
    }
    for &min in &sweep {
        let pruned = model.pruned(min);
        let tagger = Tagger::from_model(pruned.clone(), &res);
        let c = train::evaluate(&tagger, &res, &dev);
        println!(
            "min weight {min}: {} n-grams, {} bytes, dev F1 {:.4} (PER {:.4})",
            pruned.ngrams(),
            pruned.to_bytes().len(),
            c.prf(None).2,
            c.prf(Some(0)).2
        );
    }
    if errors > 0 {
        let tagger = Tagger::from_model(model.clone(), &res);
        show_errors(&tagger, &res, &dev, errors);
    }
    if full {
        eprintln!("training on all {} sentences", all.len());
        model = train::train(&res, &all, &opts, |r, _| {
            eprintln!(
                "epoch {:>2}: loss {}; {:.0} s",
                r.epoch,
                r.loss,
                t0.elapsed().as_secs_f64()
            )
        });
    }
    let bytes = model.to_bytes();
    std::fs::write(output, &bytes).map_err(|e| format!("{}: {e}", output.display()))?;
    println!(
        "wrote {}: {} bytes, {} n-grams; {:.0} s",
        output.display(),
        bytes.len(),
        model.ngrams(),
        t0.elapsed().as_secs_f64()
    );
    if let Some(test) = test {
        let tagger = Tagger::from_model(model, &res);
        let sents = read(&test)?;
        println!(
            "test {} ({} sentences):\n{}",
            test.display(),
            sents.len(),
            table(&train::evaluate(&tagger, &res, &sents))
        );
        println!(
            "test as pages of 50 sentences, people spread in each page:\n{}",
            table(&train::evaluate_pages(&tagger, &res, &sents, 50))
        );
    }
    Ok(())
}
