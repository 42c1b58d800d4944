/** Name lists the demo users are drawn from (shared by all tenants). */

export const firstNames: readonly string[] = [
  'Aaliyah', 'Aaron', 'Abigail', 'Adam', 'Aisha', 'Alan', 'Alice', 'Amara', 'Amelia', 'Amir',
  'Ana', 'Andrew', 'Anika', 'Anna', 'Arjun', 'Ava', 'Ben', 'Bianca', 'Carlos', 'Caroline',
  'Charlotte', 'Chen', 'Chloe', 'Chris', 'Daniel', 'David', 'Deepa', 'Diego', 'Elena', 'Eli',
  'Elif', 'Ella', 'Emeka', 'Emily', 'Emma', 'Ethan', 'Fatima', 'Felix', 'Fiona', 'Francesca',
  'Gabriel', 'Grace', 'Hamza', 'Hannah', 'Harry', 'Hiro', 'Ibrahim', 'Ines', 'Isaac', 'Isabel',
  'Jack', 'Jacob', 'James', 'Jasmine', 'Javier', 'Jessica', 'Joao', 'Jonas', 'Joseph', 'Julia',
  'Kai', 'Karim', 'Kate', 'Kenji', 'Laura', 'Layla', 'Leo', 'Liam', 'Lily', 'Lucas',
  'Lucy', 'Maria', 'Mark', 'Marta', 'Mason', 'Maya', 'Mei', 'Mia', 'Michael', 'Mohammed',
  'Nadia', 'Naomi', 'Nathan', 'Nia', 'Noah', 'Nora', 'Olivia', 'Omar', 'Oscar', 'Patrick',
  'Priya', 'Rachel', 'Rahul', 'Rebecca', 'Ricardo', 'Rosa', 'Ryan', 'Samuel', 'Sara', 'Sean',
  'Sofia', 'Sophie', 'Stefan', 'Tariq', 'Thomas', 'Tom', 'Valentina', 'Victor', 'William', 'Yara',
  'Yusuf', 'Zara', 'Zoe', 'Sanjay', 'Ingrid', 'Lars', 'Wei', 'Aiko', 'Kwame', 'Ama',
];

export const lastNames: readonly string[] = [
  'Adams', 'Ahmed', 'Ali', 'Allen', 'Anderson', 'Bailey', 'Baker', 'Banerjee', 'Barnes', 'Bell',
  'Bennett', 'Brooks', 'Brown', 'Campbell', 'Carter', 'Chen', 'Clarke', 'Collins', 'Cooper', 'Costa',
  'Davies', 'Dubois', 'Edwards', 'Evans', 'Fernandez', 'Fischer', 'Fisher', 'Garcia', 'Gonzalez', 'Gray',
  'Green', 'Gupta', 'Hall', 'Harris', 'Hassan', 'Hughes', 'Hussain', 'Ivanova', 'Jackson', 'James',
  'Jensen', 'Johnson', 'Jones', 'Kaur', 'Khan', 'Kim', 'King', 'Kowalski', 'Kumar', 'Lee',
  'Lewis', 'Li', 'Lopez', 'Martin', 'Martinez', 'Mensah', 'Miller', 'Mitchell', 'Moore', 'Morgan',
  'Morris', 'Murphy', 'Nakamura', 'Nguyen', 'Novak', "O'Brien", 'Okafor', 'Olsen', 'Owusu', 'Parker',
  'Patel', 'Perez', 'Phillips', 'Price', 'Reed', 'Reyes', 'Richardson', 'Roberts', 'Robinson', 'Rodriguez',
  'Rossi', 'Russell', 'Santos', 'Schmidt', 'Scott', 'Shah', 'Silva', 'Singh', 'Smith', 'Sousa',
  'Stewart', 'Suzuki', 'Tanaka', 'Taylor', 'Thomas', 'Thompson', 'Turner', 'Walker', 'Wang', 'Ward',
  'Watson', 'White', 'Williams', 'Wilson', 'Wood', 'Wright', 'Yamamoto', 'Young', 'Zhang', 'Zielinski',
  'Andersson', 'Bianchi', 'Dlamini', 'Haddad', 'Lindqvist', 'Moreau', 'Novotny', 'Petrov', 'Quinn', 'Varga',
];
