//! Keys on the reports screen (issue 12): the report (only those the person's role may
//! produce, the command's rule), its period and entity where the command has them, the
//! format, and the directory to write into — typed, or chosen with F3 in the picker. Enter
//! writes on the worker with the gauge; Esc asks whether to stop, and a stop leaves no file.

use crate::domain::ids::Time;
use crate::register::reports::{ReportKind, parse_date};
use crate::tui::app::{
    App, Confirm, Modal, Pending, ReportField, ReportStage, ReportsScreen, Screen, Work,
};
use crate::tui::keymap::Action;
use crate::tui::msg::{Effect, Msg};
use crate::tui::picker::{PickMode, Picked, Picker};
use crate::tui::reports::{REPORT_STOPPED, ReportSpec};
use crate::tui::widgets::text_input::TextInput;
use crossterm::event::KeyEvent;
use std::path::PathBuf;

pub fn open(app: &mut App) -> Vec<Effect> {
    let Some(actor) = app.session.as_ref() else {
        return Vec::new();
    };
    let kinds: Vec<ReportKind> = ReportKind::ALL
        .into_iter()
        .filter(|k| k.may_produce(actor).is_ok())
        .collect();
    let dir = app
        .last_dir
        .as_ref()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    app.screens.push(Screen::Reports(Box::new(ReportsScreen {
        kinds,
        kind: 0,
        from: TextInput::new(""),
        to: TextInput::new(""),
        entity: 0,
        format: 0,
        dir: TextInput::new(&dir),
        focus: ReportField::Kind,
        stage: ReportStage::Form,
        outcome: Vec::new(),
    })));
    Vec::new()
}

impl ReportsScreen {
    pub fn chosen(&self) -> ReportKind {
        self.kinds
            .get(self.kind)
            .copied()
            .unwrap_or(ReportKind::Register)
    }

    /// The fields this report has, in order.
    pub fn fields(&self) -> Vec<ReportField> {
        let mut v = vec![ReportField::Kind];
        match self.chosen() {
            ReportKind::Register | ReportKind::Revision => {
                v.extend([ReportField::From, ReportField::To, ReportField::Entity])
            }
            ReportKind::Compliance => v.extend([ReportField::From, ReportField::To]),
            ReportKind::Oversight | ReportKind::Access => {}
        }
        v.extend([ReportField::Format, ReportField::Dir]);
        v
    }

    pub fn format(&self) -> &'static str {
        let formats = self.chosen().formats();
        formats
            .get(self.format.min(formats.len().saturating_sub(1)))
            .copied()
            .unwrap_or("xlsx")
    }

    fn set_focus(&mut self, field: ReportField) {
        self.focus = field;
        self.from.set_focus(field == ReportField::From);
        self.to.set_focus(field == ReportField::To);
        self.dir.set_focus(field == ReportField::Dir);
    }

    fn step_focus(&mut self, forward: bool) {
        let fields = self.fields();
        let i = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        let n = fields.len();
        let next = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        self.set_focus(fields[next]);
    }
}

fn screen(app: &mut App) -> Option<&mut ReportsScreen> {
    match app.screen_mut() {
        Screen::Reports(s) => Some(s),
        _ => None,
    }
}

fn cycle(i: &mut usize, n: usize, forward: bool) {
    if n == 0 {
        return;
    }
    *i = if forward {
        (*i + 1) % n
    } else {
        (*i + n - 1) % n
    };
}

fn date(input: &TextInput, end: bool, what: &str) -> Result<Option<Time>, String> {
    let text = input.text().trim().to_string();
    if text.is_empty() {
        return Ok(None);
    }
    parse_date(&text, end, what).map(Some)
}

/// The report asked for, or what is missing or wrong.
fn spec(app: &App, s: &ReportsScreen) -> Result<ReportSpec, String> {
    let kind = s.chosen();
    let has = s.fields();
    let (from, to) = if has.contains(&ReportField::From) {
        (date(&s.from, false, "From")?, date(&s.to, true, "To")?)
    } else {
        (None, None)
    };
    if let (Some(f), Some(t)) = (from, to)
        && f >= t
    {
        return Err("the period's start must come before its end".into());
    }
    let entity = if has.contains(&ReportField::Entity) && s.entity > 0 {
        app.entities().get(s.entity - 1).map(|e| e.id.clone())
    } else {
        None
    };
    if kind == ReportKind::Revision && entity.is_none() {
        return Err("choose the entity the revision is of (← →)".into());
    }
    let dir = s.dir.text().trim().to_string();
    if dir.is_empty() {
        return Err("type the directory to write into, or choose it with F3".into());
    }
    Ok(ReportSpec {
        kind,
        from,
        to,
        entity,
        format: s.format(),
        dir: PathBuf::from(dir),
    })
}

pub fn key(app: &mut App, action: Option<Action>, key: &KeyEvent) -> Vec<Effect> {
    let entities = app.entities().len();
    let actor = app.session.clone();
    let last_dir = app.last_dir.clone();
    let Some(s) = screen(app) else {
        return Vec::new();
    };
    match &mut s.stage {
        ReportStage::Working(work) => {
            if action == Some(Action::Stop) && !work.stopping {
                app.modal = Some(Modal::Confirm(Confirm {
                    question: "Stop the report? No file will be written.".into(),
                    on_yes: Pending::StopWork,
                }));
            }
            return Vec::new();
        }
        ReportStage::Picking(picker) => {
            match picker.key(action, key) {
                Picked::Effect(e) => return vec![e],
                Picked::Cancel => s.stage = ReportStage::Form,
                Picked::Directory(dir) => {
                    s.dir.set_text(&dir.display().to_string());
                    s.stage = ReportStage::Form;
                    s.set_focus(ReportField::Dir);
                    app.last_dir = Some(dir);
                }
                Picked::Files(_) | Picked::Nothing => {}
            }
            return Vec::new();
        }
        ReportStage::Form => {}
    }
    match action {
        Some(Action::Back) => {
            app.screens.pop();
        }
        Some(Action::NextField) => s.step_focus(true),
        Some(Action::PrevField) => s.step_focus(false),
        Some(Action::OptionNext) | Some(Action::OptionPrev) => {
            let forward = action == Some(Action::OptionNext);
            match s.focus {
                ReportField::Kind => {
                    cycle(&mut s.kind, s.kinds.len(), forward);
                    s.format = 0;
                }
                ReportField::Entity => cycle(&mut s.entity, entities + 1, forward),
                ReportField::Format => {
                    let n = s.chosen().formats().len();
                    cycle(&mut s.format, n, forward)
                }
                _ => {}
            }
        }
        Some(Action::ChooseDir) => {
            let typed = s.dir.text().trim().to_string();
            let start = if typed.is_empty() {
                last_dir
            } else {
                Some(PathBuf::from(typed))
            };
            let (picker, effect) = Picker::open(PickMode::Directory, start);
            s.stage = ReportStage::Picking(Box::new(picker));
            return vec![effect];
        }
        Some(Action::Submit) => {
            let Some(actor) = actor else {
                return Vec::new();
            };
            let result = match app.screen() {
                Screen::Reports(s) => spec(app, s),
                _ => return Vec::new(),
            };
            match result {
                Err(why) => app.error(why),
                Ok(spec) => {
                    app.last_dir = Some(spec.dir.clone());
                    let work = Work::new(format!(
                        "Writing the {} report into {}…",
                        spec.kind.key(),
                        spec.dir.display()
                    ));
                    let job = work.job.clone();
                    if let Some(s) = screen(app) {
                        s.stage = ReportStage::Working(Box::new(work));
                    }
                    return vec![Effect::WriteReport { actor, spec, job }];
                }
            }
        }
        _ => {
            let input = match s.focus {
                ReportField::From => &mut s.from,
                ReportField::To => &mut s.to,
                ReportField::Dir => &mut s.dir,
                _ => return Vec::new(),
            };
            input.key(key);
        }
    }
    Vec::new()
}

pub fn paste(s: &mut ReportsScreen, text: &str) {
    match &mut s.stage {
        ReportStage::Picking(p) => p.paste(text),
        ReportStage::Form => match s.focus {
            ReportField::From => {
                s.from.paste(text);
            }
            ReportField::To => {
                s.to.paste(text);
            }
            ReportField::Dir => {
                s.dir.paste(text);
            }
            _ => {}
        },
        ReportStage::Working(_) => {}
    }
}

pub fn loaded(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Listed { generation, result } => {
            let picked = match screen(app).map(|s| &mut s.stage) {
                Some(ReportStage::Picking(p)) => p.arrive(generation, result),
                _ => Picked::Nothing,
            };
            if let Picked::Effect(e) = picked {
                return vec![e];
            }
        }
        Msg::ReportWritten(result) => {
            super::stations::ask_no_more(app);
            let (lines, status) = match result {
                Ok(lines) => {
                    let first = lines.first().cloned().unwrap_or_default();
                    (lines, Ok(first))
                }
                Err(e) if e == REPORT_STOPPED => (vec![e.clone()], Ok(e)),
                Err(e) => (vec![format!("Not written: {e}")], Err(e)),
            };
            if let Some(s) = screen(app) {
                s.stage = ReportStage::Form;
                s.outcome = lines;
            }
            match status {
                Ok(t) => app.ok(t),
                Err(e) => app.error(format!("The report was not written: {e}")),
            }
        }
        _ => {}
    }
    Vec::new()
}
