import type { Sequelize } from 'sequelize';
import { ApiToken } from './api-token.js';
import { AuditEntry } from './audit-entry.js';
import { Event } from './event.js';
import { EventPrice } from './event-price.js';
import { Hall } from './hall.js';
import { RecoveryCode } from './recovery-code.js';
import { Seat } from './seat.js';
import { Section } from './section.js';
import { User } from './user.js';
import { Venue } from './venue.js';

export { ApiToken, AuditEntry, Event, EventPrice, Hall, RecoveryCode, Seat, Section, User, Venue };

/** Binds every model to the process's Sequelize instance and wires associations. */
export function initModels(sequelize: Sequelize): void {
  User.initModel(sequelize);
  RecoveryCode.initModel(sequelize);
  ApiToken.initModel(sequelize);
  AuditEntry.initModel(sequelize);
  Venue.initModel(sequelize);
  Hall.initModel(sequelize);
  Section.initModel(sequelize);
  Seat.initModel(sequelize);
  Event.initModel(sequelize);
  EventPrice.initModel(sequelize);
  ApiToken.belongsTo(User, { foreignKey: 'user_id', as: 'user' });
  Hall.belongsTo(Venue, { foreignKey: 'venue_id', as: 'venue' });
  Venue.hasMany(Hall, { foreignKey: 'venue_id', as: 'halls' });
  Section.belongsTo(Hall, { foreignKey: 'hall_id', as: 'hall' });
  Hall.hasMany(Section, { foreignKey: 'hall_id', as: 'sections' });
  Seat.belongsTo(Section, { foreignKey: 'section_id', as: 'section' });
  Section.hasMany(Seat, { foreignKey: 'section_id', as: 'seats' });
  Event.belongsTo(Hall, { foreignKey: 'hall_id', as: 'hall' });
  Event.hasMany(EventPrice, { foreignKey: 'event_id', as: 'prices' });
}
